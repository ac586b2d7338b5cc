import "server-only";
import { cookies } from "next/headers";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import type { SignedInAccount } from "../login-throttle";
import { checkSecondFactor, signInWithPasskey, type SecondFactorProof } from "./factors";
import { authenticationResponse } from "./passkeys";
import { currentRelyingParty } from "./relying-party";
import {
  pendingSignIn,
  PENDING_SIGN_IN_COOKIE,
  PENDING_SIGN_IN_MS,
  startPendingSignIn,
  takePendingSignIn,
} from "./pending";
import { hasSecondFactor, isMfaRequiredFor } from "./requirement";

export const SECOND_FACTOR_PROVIDER_ID = "second-factor";
export const PASSKEY_PROVIDER_ID = "passkey";

/** Thrown by the password step when the account owes a second factor ("second-factor") or enrolment ("enrol"). */
export class SecondStepNeeded extends CredentialsSignin {
  constructor(step: "second-factor" | "enrol") {
    super();
    this.code = step;
  }
}

/** Thrown while second-factor attempts must wait; the code carries how many seconds. */
class SecondFactorThrottled extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

/** The sign-in step after a correct password has expired (or was never started in this browser). */
class PendingSignInExpired extends CredentialsSignin {
  code = "expired";
}

/** What a console session is made from: the account, and whether a second factor was just proven. */
export type SignedInWithFactor = SignedInAccount & { mfaVerified: boolean };

/**
 * After the password (or single sign-on): an account with a factor owes it, and an account that
 * must have one and hasn't enrols first. Either way no console session is made yet: a pending
 * sign-in is recorded and named in an HttpOnly cookie, and the step to take next is answered
 * (null: none, sign in now).
 */
export async function secondStepFor(account: SignedInAccount): Promise<"verify" | "enrol" | null> {
  const db = getDb();
  const hasFactor = await hasSecondFactor(db, account.id);
  if (!hasFactor && !(await isMfaRequiredFor(db, account))) return null;
  const token = await startPendingSignIn(db, account.id, !hasFactor, new Date());
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: (await currentRelyingParty()).origin.startsWith("https:"),
    maxAge: PENDING_SIGN_IN_MS / 1000,
  });
  return hasFactor ? "verify" : "enrol";
}

/** The password step's answer: the account, or the second step thrown (next-auth makes no session). */
export async function afterPassword(account: SignedInAccount): Promise<SignedInWithFactor> {
  const step = await secondStepFor(account);
  if (step) throw new SecondStepNeeded(step === "verify" ? "second-factor" : "enrol");
  return { ...account, mfaVerified: false };
}

const secondFactorInput = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: z.string().max(20) }),
  z.object({ method: z.literal("recovery"), code: z.string().max(40) }),
  z.object({ method: z.literal("passkey"), challengeId: z.string().max(64), response: z.string().max(20_000) }),
  z.object({ method: z.literal("enrolled") }),
]);

function proofOf(input: z.output<typeof secondFactorInput>): SecondFactorProof | null {
  if (input.method === "enrolled") return null;
  if (input.method !== "passkey") return input;
  let response: unknown;
  try {
    response = JSON.parse(input.response);
  } catch {
    return null;
  }
  const parsed = authenticationResponse.safeParse(response);
  return parsed.success ? { method: "passkey", challengeId: input.challengeId, response: parsed.data } : null;
}

/** The second step: a code, a recovery code or a passkey for the pending sign-in, or its finished enrolment. */
export const secondFactorProvider = Credentials({
  id: SECOND_FACTOR_PROVIDER_ID,
  credentials: { method: {}, code: {}, challengeId: {}, response: {} },
  async authorize(raw): Promise<SignedInWithFactor | null> {
    const input = secondFactorInput.safeParse(raw);
    if (!input.success) return null;
    const db = getDb();
    const jar = await cookies();
    const now = new Date();
    const pending = await pendingSignIn(db, jar.get(PENDING_SIGN_IN_COOKIE)?.value, now);
    if (!pending) throw new PendingSignInExpired();
    if (input.data.method === "enrolled") {
      if (!(await takePendingSignIn(db, pending.id, now, { passedOnly: true }))) throw new PendingSignInExpired();
    } else {
      if (pending.mustEnrol) return null;
      const proof = proofOf(input.data);
      if (!proof) return null;
      const check = await checkSecondFactor(db, pending.account, proof, await currentRelyingParty(), now);
      if (!check.ok && check.reason === "throttled") throw new SecondFactorThrottled(check.retryAfterSeconds);
      if (!check.ok) return null;
      if (!(await takePendingSignIn(db, pending.id, now))) throw new PendingSignInExpired();
    }
    jar.delete(PENDING_SIGN_IN_COOKIE);
    return { ...pending.account, mfaVerified: true };
  },
});

/** Password-less sign-in: a passkey (with user verification) is both factors at once. */
export const passkeyProvider = Credentials({
  id: PASSKEY_PROVIDER_ID,
  credentials: { challengeId: {}, response: {} },
  async authorize(raw): Promise<SignedInWithFactor | null> {
    const input = secondFactorInput.safeParse({ ...raw, method: "passkey" });
    if (!input.success) return null;
    const proof = proofOf(input.data);
    if (!proof || proof.method !== "passkey") return null;
    const account = await signInWithPasskey(getDb(), proof, await currentRelyingParty());
    return account ? { ...account, mfaVerified: true } : null;
  },
});

/** Whether the user object next-auth hands the jwt callback came with a proven second factor. */
export const provedSecondFactor = (user: unknown) => z.object({ mfaVerified: z.literal(true) }).safeParse(user).success;
