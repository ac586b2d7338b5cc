import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeyRegister } from "@/components/mfa/passkey-register";
import { AuthShell } from "@/components/console/auth-shell";
import { PendingExpired } from "@/components/mfa/pending-expired";
import { TotpSetup } from "@/components/mfa/totp-setup";
import { getDb } from "@/db/client";
import { currentPendingSignIn } from "@/lib/auth/mfa/pending-action";
import { qrDataUri } from "@/lib/auth/mfa/qr";
import { beginTotpEnrolment, pendingTotpSecret } from "@/lib/auth/mfa/totp";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { confirmEnrolTotpAction, enrolPasskeyAction, enrolPasskeyChallengeAction } from "./actions";
import { FinishEnrolmentForm } from "./finish-form";

export const metadata: Metadata = { title: "Set up a second factor" };

export default async function EnrolPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeRedirectPath((await searchParams).callbackUrl);
  const pending = await currentPendingSignIn();
  if (!pending) return <PendingExpired next={next} />;
  if (!pending.mustEnrol) redirect(`/login/verify?callbackUrl=${encodeURIComponent(next)}`);
  const { account } = pending;
  const db = getDb();
  const totp =
    (await pendingTotpSecret(db, account.id, account.email)) ??
    (await beginTotpEnrolment(db, account.id, account.email));
  const finish = <FinishEnrolmentForm callbackUrl={next} />;
  return (
    <AuthShell
      wide
      title="Set up a second factor"
      intro={
        <p>
          {account.organizationId ? "Your organization" : "Your vendor"} requires a second factor for {account.email}.
          Set one up to continue: an authenticator app, or a passkey.
        </p>
      }
    >
      <div className="space-y-6">
        <section aria-labelledby="enrol-app" className="space-y-3">
          <h2 id="enrol-app" className="text-base font-semibold text-slate-900">
            Authenticator app
          </h2>
          <TotpSetup qr={qrDataUri(totp.uri)} secret={totp.secret} confirm={confirmEnrolTotpAction} done={finish} />
        </section>
        <section aria-labelledby="enrol-passkey" className="space-y-3 border-t border-slate-200 pt-4">
          <h2 id="enrol-passkey" className="text-base font-semibold text-slate-900">
            Or a passkey
          </h2>
          <PasskeyRegister
            challenge={enrolPasskeyChallengeAction.bind(null, {})}
            register={enrolPasskeyAction}
            done={finish}
          />
        </section>
      </div>
    </AuthShell>
  );
}
