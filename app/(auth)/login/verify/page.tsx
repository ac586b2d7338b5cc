import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySignInButton } from "@/components/mfa/passkey-sign-in-button";
import { AuthShell } from "@/components/console/auth-shell";
import { PendingExpired } from "@/components/mfa/pending-expired";
import { getDb } from "@/db/client";
import { mfaOverview } from "@/lib/auth/mfa/factors";
import { currentPendingSignIn } from "@/lib/auth/mfa/pending-action";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { passkeyAnswerAction, passkeyChallengeAction } from "./actions";
import { VerifyCodeForm } from "./verify-form";

export const metadata: Metadata = { title: "Confirm it's you" };

export default async function VerifyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeRedirectPath((await searchParams).callbackUrl);
  const pending = await currentPendingSignIn();
  if (!pending) return <PendingExpired next={next} />;
  if (pending.mustEnrol) redirect(`/login/enrol?callbackUrl=${encodeURIComponent(next)}`);
  const factors = await mfaOverview(getDb(), pending.account);
  return (
    <AuthShell
      title="Confirm it's you"
      intro={<p>Your account {pending.account.email} has a second factor. Use it to finish signing in.</p>}
    >
      <div className="space-y-5">
        {factors.passkeys.length > 0 ? (
          <PasskeySignInButton
            label="Use a passkey"
            variant={factors.totpOn ? "secondary" : "primary"}
            callbackUrl={next}
            challenge={passkeyChallengeAction.bind(null, "second-factor")}
            answer={passkeyAnswerAction.bind(null, "second-factor")}
          />
        ) : null}
        <VerifyCodeForm callbackUrl={next} hasTotp={factors.totpOn} />
      </div>
    </AuthShell>
  );
}
