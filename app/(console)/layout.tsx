import { headers } from "next/headers";
import { ConsoleChrome } from "@/components/console/chrome";
import { ConsoleProviders } from "@/components/console/providers";
import { ServerClock } from "@/components/ui/when";
import { requireActor } from "@/lib/auth/session";
import { assertPageTargetExists } from "@/lib/console/found";
import { PAGE_URL_HEADER } from "@/lib/console/page-url";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  await assertPageTargetExists(actor, (await headers()).get(PAGE_URL_HEADER));
  // The moment this page was rendered: relative times ("3 minutes ago") are worded from it on the
  // server and in the browser's first render alike.
  const renderedAt = new Date().getTime();
  return (
    <ConsoleChrome actor={actor}>
      <ConsoleProviders>
        <ServerClock now={renderedAt}>{children}</ServerClock>
      </ConsoleProviders>
    </ConsoleChrome>
  );
}
