import { headers } from "next/headers";
import Link from "next/link";
import { ConsoleChrome } from "@/components/console/chrome";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getActor } from "@/lib/auth/session";
import { PAGE_URL_HEADER } from "@/lib/console/page-url";

// An address no route answers (HTTP 404). Someone signed in keeps the console's header and
// navigation around the message, so every area is one click away; a visitor signed out gets the
// bare message (the proxy sends them to sign in first in any case).
export default async function NotFound() {
  const actor = await getActor();
  const address = (await headers()).get(PAGE_URL_HEADER)?.split("?")[0];
  const sentence = (
    <>
      There is nothing at {address ? <code className="font-mono text-slate-700">{address}</code> : "this address"}: the
      page does not exist, or it belongs to an organization you cannot see.
    </>
  );
  if (actor)
    return (
      <ConsoleChrome actor={actor}>
        <Card className="px-6 py-12 text-center">
          <h1 className="text-lg font-semibold text-slate-900">Page not found</h1>
          <p className="mx-auto mt-2 max-w-md text-sm [overflow-wrap:anywhere] text-slate-500">{sentence}</p>
          <ButtonLink href="/dashboard" className="mt-5">
            Go to the dashboard
          </ButtonLink>
        </Card>
      </ConsoleChrome>
    );
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="max-w-md text-sm [overflow-wrap:anywhere] text-slate-500">{sentence}</p>
      <Link href="/dashboard" className="text-sm font-medium text-brand-700 underline underline-offset-2">
        Go to the dashboard
      </Link>
    </main>
  );
}
