"use server";

import { getDb } from "@/db/client";
import type { ActionResult } from "@/lib/console/action";
import { passkeyAuthenticationOptions } from "@/lib/auth/mfa/passkeys";
import { currentPendingSignIn, PENDING_EXPIRED } from "@/lib/auth/mfa/pending-action";
import { currentRelyingParty } from "@/lib/auth/mfa/relying-party";
import { PASSKEY_PROVIDER_ID, SECOND_FACTOR_PROVIDER_ID } from "@/lib/auth/mfa/sign-in-step";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { stepSignIn } from "../step-sign-in";

export type StepState = { error?: string; expired?: boolean; fieldError?: string };

/** A code from the authenticator app, or a recovery code, for the sign-in waiting in this browser. */
export async function verifyCodeAction(_previous: StepState, formData: FormData): Promise<StepState> {
  const method = formData.get("method") === "recovery" ? "recovery" : "totp";
  const code = String(formData.get("code") ?? "").trim();
  if (!code) return { fieldError: method === "totp" ? "Enter the six-digit code" : "Enter one of your recovery codes" };
  const refusal =
    method === "totp"
      ? "That code is not right. Type the code your authenticator app shows now."
      : "That recovery code is not right, or it has been used already.";
  return stepSignIn(SECOND_FACTOR_PROVIDER_ID, { method, code }, formData.get("callbackUrl"), refusal);
}

type PasskeyChallenge = { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON };

/** A challenge for one of the pending account's passkeys (a second factor), or for any (password-less). */
export async function passkeyChallengeAction(
  purpose: "second-factor" | "sign-in",
): Promise<ActionResult<PasskeyChallenge>> {
  let accountId: string | null = null;
  if (purpose === "second-factor") {
    const pending = await currentPendingSignIn();
    if (!pending) return { ok: false, error: PENDING_EXPIRED };
    accountId = pending.account.id;
  }
  const challenge = await passkeyAuthenticationOptions(getDb(), accountId, await currentRelyingParty(), new Date());
  return { ok: true, data: challenge };
}

/** Signs in with a passkey's answer: the pending sign-in's second factor, or a password-less sign-in. */
export async function passkeyAnswerAction(
  purpose: "second-factor" | "sign-in",
  answer: { challengeId: string; response: string; callbackUrl: string },
): Promise<StepState> {
  const fields = { challengeId: String(answer.challengeId), response: String(answer.response) };
  return purpose === "second-factor"
    ? stepSignIn(SECOND_FACTOR_PROVIDER_ID, { method: "passkey", ...fields }, answer.callbackUrl, PASSKEY_REFUSAL)
    : stepSignIn(PASSKEY_PROVIDER_ID, fields, answer.callbackUrl, PASSKEY_REFUSAL);
}

const PASSKEY_REFUSAL = "That passkey was not accepted. Try again, or use another way to sign in.";
