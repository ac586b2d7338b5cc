import type { Metadata } from "next";
import { AuthShell } from "@/components/console/auth-shell";
import { FocusedMessage } from "@/components/people/focused-message";
import { NewPasswordForm } from "@/components/people/new-password-form";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { ssoName } from "@/lib/auth/sso";
import { invitationLink, invitationLinkSentences } from "@/lib/people/invitations";
import { acceptInvitationAction, acceptInvitationWithSsoAction } from "./actions";

export const metadata: Metadata = { title: "Accept invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await invitationLink(getDb(), token);
  if (link.state !== "open") {
    return (
      <AuthShell title="Invitation">
        <FocusedMessage
          tone="problem"
          message={invitationLinkSentences[link.state]}
          link={{ href: "/login", label: "Go to the sign-in page" }}
        />
      </AuthShell>
    );
  }
  const sso = ssoName();
  const where = link.organizationName ?? "the vendor team";
  return (
    <AuthShell title={`Join ${where}`}>
      <p className="mb-5 text-sm text-slate-600">
        You are invited as <strong>{link.role}</strong> with the e-mail <strong>{link.email}</strong>. Choose a password
        to create your console account.
      </p>
      <NewPasswordForm
        email={link.email}
        submitLabel="Create account and sign in"
        action={acceptInvitationAction.bind(null, token)}
      />
      {sso ? (
        <form action={acceptInvitationWithSsoAction.bind(null, token)} className="mt-4 border-t border-slate-200 pt-4">
          <Button type="submit" variant="secondary" className="w-full">
            Continue with {sso}
          </Button>
        </form>
      ) : null}
    </AuthShell>
  );
}
