import type { Metadata } from "next";
import { AuthShell } from "@/components/console/auth-shell";
import { FocusedMessage } from "@/components/people/focused-message";
import { Button } from "@/components/ui/button";
import { kindLabels } from "@/lib/notifications/kinds";
import { readUnsubscribeToken } from "@/lib/notifications/unsubscribe";

export const metadata: Metadata = { title: "Stop e-mails" };

// The unsubscribe link of a message's body: it asks before changing anything (link scanners open
// links), and its button posts to the same one-click endpoint mail clients use (RFC 8058).
export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const { token } = await params;
  const { done } = await searchParams;
  const named = readUnsubscribeToken(token);
  if (!named) {
    return (
      <AuthShell title="Stop e-mails">
        <FocusedMessage
          tone="problem"
          message="This unsubscribe link is not valid. Sign in and choose what you receive on your account page."
          link={{ href: "/account", label: "Your account" }}
        />
      </AuthShell>
    );
  }
  const label = kindLabels[named.kind];
  if (done) {
    return (
      <AuthShell title="Stop e-mails">
        <FocusedMessage
          message={`You will no longer receive e-mails for “${label}”. The notices stay in the console’s list.`}
          link={{ href: "/account", label: "Choose what you receive" }}
        />
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Stop e-mails" intro={<p className="text-sm text-slate-600">For “{label}”.</p>}>
      <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}/one-click`}>
        <input type="hidden" name="from" value="page" />
        <Button type="submit" className="w-full">
          Stop these e-mails
        </Button>
      </form>
    </AuthShell>
  );
}
