import { headers } from "next/headers";
import { ConsoleChrome } from "@/components/console/chrome";
import { ConsoleProviders } from "@/components/console/providers";
import { requireActor } from "@/lib/auth/session";
import { assertPageTargetExists } from "@/lib/console/found";
import { PAGE_URL_HEADER } from "@/lib/console/page-url";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  await assertPageTargetExists(actor, (await headers()).get(PAGE_URL_HEADER));
  return (
    <ConsoleChrome actor={actor}>
      <ConsoleProviders>{children}</ConsoleProviders>
    </ConsoleChrome>
  );
}
