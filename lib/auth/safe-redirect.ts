const FALLBACK = "/dashboard";
// Any origin will do: only whether the parsed URL stays on it matters.
const BASE = "http://seatkeeper.invalid";

/**
 * Where to send the browser after sign-in: a path of this site, decided on the URL as a browser
 * parses it (tabs and newlines stripped, backslashes read as slashes, percent-encoding kept), so
 * `/\t/evil.example`, `/\evil.example` and `//evil.example` all fall back to the dashboard.
 */
export function safeRedirectPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== BASE) return FALLBACK;
  // The path the browser will request, rebuilt from its parts so nothing the parser dropped survives.
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes would be read as another host by the next parser.
  return path.startsWith("//") || path.startsWith("/\\") ? FALLBACK : path;
}
