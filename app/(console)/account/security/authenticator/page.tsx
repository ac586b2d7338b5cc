import type { Metadata } from "next";
import Link from "next/link";
import { TotpSetup } from "@/components/mfa/totp-setup";
import { buttonClass } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { qrDataUri } from "@/lib/auth/mfa/qr";
import { beginTotpEnrolment, hasConfirmedTotp, pendingTotpSecret } from "@/lib/auth/mfa/totp";
import { requireCan } from "@/lib/auth/session";
import { confirmTotpAction } from "../actions";

export const metadata: Metadata = { title: "Set up an authenticator app" };

export default async function AuthenticatorPage() {
  const actor = await requireCan("account.self");
  const db = getDb();
  if (await hasConfirmedTotp(db, actor.id)) {
    return (
      <>
        <PageHeader title="Set up an authenticator app" />
        <p className="text-sm text-slate-700">
          An authenticator app is already set up.{" "}
          <Link href="/account/security" className="font-medium text-brand-700 underline">
            Back to sign-in security
          </Link>
        </p>
      </>
    );
  }
  const totp =
    (await pendingTotpSecret(db, actor.id, actor.label)) ?? (await beginTotpEnrolment(db, actor.id, actor.label));
  return (
    <>
      <PageHeader
        title="Set up an authenticator app"
        description="Google Authenticator, 1Password, Authy, or any TOTP app."
      />
      <Card className="max-w-lg">
        <CardBody>
          <TotpSetup
            qr={qrDataUri(totp.uri)}
            secret={totp.secret}
            confirm={confirmTotpAction}
            done={
              <Link href="/account/security" className={buttonClass("primary")}>
                Back to sign-in security
              </Link>
            }
          />
        </CardBody>
      </Card>
    </>
  );
}
