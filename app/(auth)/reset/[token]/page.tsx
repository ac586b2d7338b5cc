import type { Metadata } from "next";
import { AuthShell } from "@/components/console/auth-shell";
import { FocusedMessage } from "@/components/people/focused-message";
import { NewPasswordForm } from "@/components/people/new-password-form";
import { getDb } from "@/db/client";
import { resetLink, resetLinkSentences } from "@/lib/people/password-resets";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Reset password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await resetLink(getDb(), token);
  if (link.state !== "open") {
    return (
      <AuthShell title="Reset password">
        <FocusedMessage
          tone="problem"
          message={resetLinkSentences[link.state]}
          link={{ href: "/forgot-password", label: "Ask for a new link" }}
        />
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Choose a new password">
      <p className="mb-5 text-sm text-slate-600">
        For <strong>{link.email}</strong>. Saving it signs this account out everywhere else.
      </p>
      <NewPasswordForm
        email={link.email}
        submitLabel="Save password and sign in"
        action={resetPasswordAction.bind(null, token)}
      />
    </AuthShell>
  );
}
