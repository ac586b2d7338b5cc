import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton, AddPasskey, RegenerateCodes, StepUpForm } from "@/components/mfa/security-controls";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { isFreshlyVerified, mfaOverview, STEP_UP_MINUTES } from "@/lib/auth/mfa/factors";
import { isMfaRequired } from "@/lib/auth/mfa/requirement";
import { auth, requireCan } from "@/lib/auth/session";
import { When } from "@/components/ui/when";
import {
  passkeyChallengeAction,
  regenerateRecoveryCodesAction,
  registerPasskeyAction,
  removePasskeyAction,
  removeTotpAction,
  setMfaRequirementAction,
  stepUpAction,
  stepUpChallengeAction,
} from "./actions";

export const metadata: Metadata = { title: "Sign-in security" };

export default async function SecurityPage() {
  const actor = await requireCan("account.self");
  const db = getDb();
  const account = { id: actor.id, email: actor.label, role: actor.role, organizationId: actor.organizationId };
  const [factors, sessionId] = [await mfaOverview(db, account), (await auth())?.sessionId];
  const isFresh = sessionId ? await isFreshlyVerified(db, sessionId, actor.id) : false;
  const hasFactor = factors.totpOn || factors.passkeys.length > 0;
  const group =
    actor.role === "operator"
      ? { label: "vendor staff (operators and support)", organizationId: undefined }
      : actor.role === "owner" && actor.organizationId
        ? { label: "your organization's owners and admins", organizationId: actor.organizationId }
        : null;
  const groupRequires = group
    ? await isMfaRequired(
        db,
        group.organizationId ? { kind: "organization", organizationId: group.organizationId } : { kind: "vendor" },
      )
    : false;

  return (
    <>
      <PageHeader
        title="Sign-in security"
        description={`Second factors for ${actor.label}: an authenticator app, passkeys and recovery codes.`}
      />
      <div className="max-w-3xl space-y-6">
        {factors.required ? (
          <p className="border-brand-200 rounded-md border bg-brand-50 px-3 py-2 text-sm text-slate-700">
            A second factor is required for your account: you can change factors but not remove the last one.
          </p>
        ) : null}

        <Card aria-labelledby="totp-heading">
          <CardHeader
            title={<span id="totp-heading">Authenticator app</span>}
            description={factors.totpOn ? "On: sign-ins ask for a six-digit code." : "Off."}
          />
          <CardBody>
            {factors.totpOn ? (
              <ActionButton
                label="Remove the authenticator app"
                pendingLabel="Removing…"
                variant="danger"
                action={removeTotpAction.bind(null, {})}
              />
            ) : (
              <Link href="/account/security/authenticator" className={buttonClass("primary")}>
                Set up an authenticator app
              </Link>
            )}
          </CardBody>
        </Card>

        <Card aria-labelledby="passkeys-heading">
          <CardHeader
            title={<span id="passkeys-heading">Passkeys</span>}
            description="Sign in with your device's screen lock or a security key, with or without your password."
          />
          <CardBody className="space-y-4">
            {factors.passkeys.length === 0 ? (
              <p className="text-sm text-slate-600">No passkeys yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Your passkeys">
                {factors.passkeys.map((p) => (
                  <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="text-sm">
                      <p className="font-medium text-slate-900">{p.name}</p>
                      <p className="text-slate-600">
                        Added <When at={p.createdAt} />
                        {p.lastUsedAt ? (
                          <>
                            , last used <When at={p.lastUsedAt} />
                          </>
                        ) : (
                          ", not used yet"
                        )}
                      </p>
                    </div>
                    <ActionButton
                      label={`Remove ${p.name}`}
                      pendingLabel="Removing…"
                      variant="danger"
                      action={removePasskeyAction.bind(null, { passkeyId: p.id })}
                    />
                  </li>
                ))}
              </ul>
            )}
            <AddPasskey challenge={passkeyChallengeAction.bind(null, {})} register={registerPasskeyAction} />
          </CardBody>
        </Card>

        {hasFactor ? (
          <>
            <Card aria-labelledby="codes-heading">
              <CardHeader
                title={<span id="codes-heading">Recovery codes</span>}
                description={`${factors.recoveryCodesLeft} of 10 unused. Each signs you in once without your phone or passkey.`}
              />
              <CardBody>
                <RegenerateCodes action={regenerateRecoveryCodesAction.bind(null, {})} />
              </CardBody>
            </Card>

            <Card aria-labelledby="step-up-heading">
              <CardHeader
                title={<span id="step-up-heading">Confirm it&apos;s you</span>}
                description={
                  isFresh
                    ? `Confirmed: for the next few minutes you can remove factors and make new recovery codes.`
                    : `Removing a factor or making new recovery codes needs a second factor from the last ${STEP_UP_MINUTES} minutes.`
                }
              />
              <CardBody>
                <StepUpForm
                  hasPasskeys={factors.passkeys.length > 0}
                  confirm={stepUpAction}
                  challenge={stepUpChallengeAction.bind(null, {})}
                />
              </CardBody>
            </Card>
          </>
        ) : null}

        {group ? (
          <Card aria-labelledby="require-heading">
            <CardHeader
              title={<span id="require-heading">Require a second factor</span>}
              description={`${groupRequires ? "Required" : "Not required"} for ${group.label}. When required, anyone without a factor is signed out and sets one up at their next sign-in.`}
            />
            <CardBody>
              <ActionButton
                label={groupRequires ? "Stop requiring a second factor" : "Require a second factor"}
                pendingLabel="Saving…"
                variant={groupRequires ? "secondary" : "primary"}
                action={setMfaRequirementAction.bind(null, {
                  ...(group.organizationId ? { organizationId: group.organizationId } : {}),
                  required: groupRequires ? "false" : "true",
                })}
              />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
