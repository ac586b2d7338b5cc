import "server-only";
import { headers } from "next/headers";

/**
 * The viewer's locale for numbers and money: the first language of the browser's Accept-Language
 * that this runtime can format, else English. Read per request, so a page that formats money is
 * rendered for whoever looks at it.
 */
export async function viewerLocale() {
  return localeFrom((await headers()).get("accept-language"));
}

export function localeFrom(acceptLanguage: string | null) {
  const tags = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.split(";")[0]!.trim())
    .filter((tag) => tag && tag !== "*");
  for (const tag of tags) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // Not a well-formed language tag: try the next one.
    }
  }
  return "en";
}
