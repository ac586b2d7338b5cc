import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import type { Database, Executor } from "@/db/client";
import { consoleAccounts, consoleSessions, passkeys, recoveryCodes, totpFactors } from "@/db/schema";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError } from "@/lib/licensing/errors";
import { endAllSessions } from "../console-sessions";
import { clearSecondFactorAttempts, takeSecondFactorAttempt, type SignedInAccount } from "../login-throttle";
import { passkeysOf, savePasskey, verifyPasskey, type RelyingParty } from "./passkeys";
import { hasSecondFactor, isMfaRequiredFor } from "./requirement";
import { issueRecoveryCodes, spendRecoveryCode, unusedRecoveryCodeCount } from "./recovery-codes";
import { hasConfirmedTotp, spendTotpCode } from "./totp";

type AccountActor = Extract<Actor, { type: "account" }>;

/** A removal or new recovery codes need a second factor proven this recently in this browser. */
export const STEP_UP_MINUTES = 10;

export type SecondFactorProof =
  | { method: "totp"; code: string }
  | { method: "recovery"; code: string }
  | { method: "passkey"; challengeId: string; response: AuthenticationResponseJSON };

export type SecondFactorCheck =
  { ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a second factor of the account: a code from the authenticator app, an unused recovery
 * code (spent, and audited, in the same transaction) or a passkey. Guesses are throttled per
 * account like passwords; a success gives the budget back.
 */
export async function checkSecondFactor(
  db: Database,
  account: SignedInAccount,
  proof: SecondFactorProof,
  rp: RelyingParty,
  now = new Date(),
): Promise<SecondFactorCheck> {
  const wait = await takeSecondFactorAttempt(db, account.id, now);
  if (wait) return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  const passed = await db.transaction(async (tx) => {
    switch (proof.method) {
      case "totp":
        return spendTotpCode(tx, account.id, proof.code, now);
      case "passkey":
        return (await verifyPasskey(tx, { ...proof, accountId: account.id }, rp, now)) === account.id;
      case "recovery": {
        if (!(await spendRecoveryCode(tx, account.id, proof.code, now))) return false;
        await recordAudit(tx, selfActor(account), {
          organizationId: account.organizationId,
          action: "mfa.recovery_code.use",
          targetType: "console_account",
          targetId: account.id,
          after: { recoveryCodesLeft: await unusedRecoveryCodeCount(tx, account.id) },
        });
        return true;
      }
    }
  });
  if (!passed) return { ok: false, reason: "invalid" };
  await clearSecondFactorAttempts(db, account.id);
  return { ok: true };
}

/** A password-less sign-in: the account whose passkey answered the challenge, or null. */
export async function signInWithPasskey(
  db: Database,
  input: { challengeId: string; response: AuthenticationResponseJSON },
  rp: RelyingParty,
  now = new Date(),
): Promise<SignedInAccount | null> {
  return db.transaction(async (tx) => {
    const accountId = await verifyPasskey(tx, { ...input, accountId: null }, rp, now);
    if (!accountId) return null;
    const [account] = await tx
      .update(consoleAccounts)
      .set({ lastLoginAt: now })
      .where(eq(consoleAccounts.id, accountId))
      .returning({
        id: consoleAccounts.id,
        email: consoleAccounts.email,
        role: consoleAccounts.role,
        organizationId: consoleAccounts.organizationId,
      });
    return account ?? null;
  });
}

export const selfActor = (account: SignedInAccount): AccountActor => ({
  type: "account",
  id: account.id,
  label: account.email,
  role: account.role,
  organizationId: account.organizationId,
});

/**
 * Confirms the authenticator app being enrolled with a code it shows. The first factor of an
 * account comes with ten recovery codes, returned here and never again.
 */
export async function confirmTotpEnrolment(db: Database, actor: AccountActor, code: string, now = new Date()) {
  return db.transaction(async (tx) => {
    if (await hasConfirmedTotp(tx, actor.id)) {
      throw new LicensingError("CONFLICT", "An authenticator app is already set up for this account.");
    }
    const hadFactor = await hasSecondFactor(tx, actor.id);
    if (!(await spendTotpCode(tx, actor.id, code, now, { enrolling: true }))) {
      throw new LicensingError(
        "INVALID",
        "That code doesn't match. Type the six digits your authenticator app shows for Seatkeeper now.",
        { field: "code" },
      );
    }
    const codes = await firstFactorRecoveryCodes(tx, actor.id, hadFactor);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "mfa.totp.enrol",
      targetType: "console_account",
      targetId: actor.id,
    });
    return { recoveryCodes: codes };
  });
}

/** Registers a passkey for the signed-in account (after the browser created it). */
export async function registerPasskey(
  db: Database,
  actor: AccountActor,
  input: { challengeId: string; response: RegistrationResponseJSON; name: string },
  rp: RelyingParty,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const hadFactor = await hasSecondFactor(tx, actor.id);
    const saved = await savePasskey(tx, actor.id, input, rp, now);
    if (!saved)
      throw new LicensingError("INVALID", "The passkey could not be verified, so it was not added. Try again.");
    const codes = await firstFactorRecoveryCodes(tx, actor.id, hadFactor);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "mfa.passkey.register",
      targetType: "console_account",
      targetId: actor.id,
      after: { passkeyId: saved.id, name: saved.name },
    });
    return { passkey: saved, recoveryCodes: codes };
  });
}

async function firstFactorRecoveryCodes(tx: Executor, accountId: string, hadFactor: boolean) {
  if (hadFactor && (await unusedRecoveryCodeCount(tx, accountId)) > 0) return null;
  return issueRecoveryCodes(tx, accountId);
}

/** Records that this browser's session just proved a second factor. */
export async function markSessionVerified(db: Executor, sessionId: string, accountId: string, now = new Date()) {
  await db
    .update(consoleSessions)
    .set({ mfaVerifiedAt: now })
    .where(and(eq(consoleSessions.id, sessionId), eq(consoleSessions.accountId, accountId)));
}

/** Whether this session proved a second factor within STEP_UP_MINUTES. */
export async function isFreshlyVerified(db: Executor, sessionId: string, accountId: string, now = new Date()) {
  const [row] = await db
    .select({ at: consoleSessions.mfaVerifiedAt })
    .from(consoleSessions)
    .where(and(eq(consoleSessions.id, sessionId), eq(consoleSessions.accountId, accountId)));
  return Boolean(row?.at && now.getTime() - row.at.getTime() <= STEP_UP_MINUTES * 60_000);
}

export const STEP_UP_NEEDED = `Confirm it's you first with a code from your authenticator app or a passkey (a removal needs one from the last ${STEP_UP_MINUTES} minutes).`;

async function assertFresh(tx: Executor, actor: AccountActor, sessionId: string, now: Date) {
  if (!(await isFreshlyVerified(tx, sessionId, actor.id, now))) {
    throw new LicensingError("FORBIDDEN", STEP_UP_NEEDED, { stepUp: true });
  }
}

/** After a removal: when none is left, the recovery codes go too; a required factor can't all go. */
async function afterRemoval(tx: Executor, actor: AccountActor) {
  if (await hasSecondFactor(tx, actor.id)) return;
  if (await isMfaRequiredFor(tx, actor)) {
    throw new LicensingError(
      "INVALID",
      actor.organizationId
        ? "Your organization requires a second factor: add another one before removing this one."
        : "Vendor staff must have a second factor: add another one before removing this one.",
    );
  }
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, actor.id));
}

export async function removeTotp(db: Database, actor: AccountActor, sessionId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await assertFresh(tx, actor, sessionId, now);
    const [removed] = await tx
      .delete(totpFactors)
      .where(and(eq(totpFactors.accountId, actor.id), isNotNull(totpFactors.confirmedAt)))
      .returning({ accountId: totpFactors.accountId });
    if (!removed) throw new LicensingError("NOT_FOUND", "No authenticator app is set up for this account.");
    await afterRemoval(tx, actor);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "mfa.totp.remove",
      targetType: "console_account",
      targetId: actor.id,
    });
  });
}

export async function removePasskey(
  db: Database,
  actor: AccountActor,
  sessionId: string,
  passkeyId: string,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    await assertFresh(tx, actor, sessionId, now);
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.accountId, actor.id)))
      .returning({ id: passkeys.id, name: passkeys.name });
    if (!removed) throw new LicensingError("NOT_FOUND", "That passkey was not found.");
    await afterRemoval(tx, actor);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "mfa.passkey.remove",
      targetType: "console_account",
      targetId: actor.id,
      before: { passkeyId: removed.id, name: removed.name },
    });
  });
}

/** Ten new recovery codes in place of the old ones (a fresh second factor needed). */
export async function regenerateRecoveryCodes(db: Database, actor: AccountActor, sessionId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await assertFresh(tx, actor, sessionId, now);
    if (!(await hasSecondFactor(tx, actor.id))) {
      throw new LicensingError("INVALID", "Set up an authenticator app or a passkey first.");
    }
    const codes = await issueRecoveryCodes(tx, actor.id);
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "mfa.recovery_codes.regenerate",
      targetType: "console_account",
      targetId: actor.id,
    });
    return codes;
  });
}

/**
 * An operator removes every factor of another account (a lost phone): its authenticator app,
 * passkeys and recovery codes go, and its console sessions end. When MFA is required for it, the
 * person enrols again at the next sign-in.
 */
export async function resetMfa(db: Database, actor: Actor, accountId: string) {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: consoleAccounts.id, email: consoleAccounts.email, organizationId: consoleAccounts.organizationId })
      .from(consoleAccounts)
      .where(eq(consoleAccounts.id, accountId));
    if (!account) throw new LicensingError("NOT_FOUND", "That console account was not found.");
    if (actor.type === "account" && actor.id === accountId) {
      throw new LicensingError("INVALID", "Remove your own factors on your security page, with a fresh second factor.");
    }
    const totp = await tx.delete(totpFactors).where(eq(totpFactors.accountId, accountId)).returning();
    const keys = await tx.delete(passkeys).where(eq(passkeys.accountId, accountId)).returning({ id: passkeys.id });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
    await endAllSessions(tx, accountId);
    await recordAudit(tx, actor, {
      organizationId: account.organizationId,
      action: "mfa.reset",
      targetType: "console_account",
      targetId: accountId,
      before: { email: account.email, authenticatorApp: totp.length > 0, passkeys: keys.length },
    });
  });
}

/** What the security page shows about the account's factors. */
export async function mfaOverview(db: Executor, account: SignedInAccount) {
  const [totpOn, keys, codesLeft, required] = [
    await hasConfirmedTotp(db, account.id),
    await passkeysOf(db, account.id),
    await unusedRecoveryCodeCount(db, account.id),
    await isMfaRequiredFor(db, account),
  ];
  return {
    totpOn,
    passkeys: keys.map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt })),
    recoveryCodesLeft: codesLeft,
    required,
  };
}
