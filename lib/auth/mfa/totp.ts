import "server-only";
import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import type { Executor } from "@/db/client";
import { totpFactors } from "@/db/schema";
import { seal, unseal } from "./secret-box";

export const TOTP_ISSUER = "Seatkeeper";
/** One 30-second step either side of now: a phone's clock a little off still works. */
const TOLERANCE_SECONDS = 30;

/** Starts (or restarts) enrolling an authenticator app: a new secret, not yet a factor. */
export async function beginTotpEnrolment(tx: Executor, accountId: string, email: string) {
  const secret = generateSecret();
  const secretSealed = seal(secret, accountId);
  await tx
    .insert(totpFactors)
    .values({ accountId, secretSealed })
    .onConflictDoUpdate({
      target: totpFactors.accountId,
      set: { secretSealed, lastUsedStep: null },
      setWhere: isNull(totpFactors.confirmedAt),
    });
  return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: email, secret }) };
}

/** The secret of an enrolment in progress (to show again after a refused code), or null. */
export async function pendingTotpSecret(tx: Executor, accountId: string, email: string) {
  const [row] = await tx
    .select({ secretSealed: totpFactors.secretSealed })
    .from(totpFactors)
    .where(and(eq(totpFactors.accountId, accountId), isNull(totpFactors.confirmedAt)));
  if (!row) return null;
  const secret = unseal(row.secretSealed, accountId);
  return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: email, secret }) };
}

export async function hasConfirmedTotp(tx: Executor, accountId: string) {
  const [row] = await tx
    .select({ accountId: totpFactors.accountId })
    .from(totpFactors)
    .where(and(eq(totpFactors.accountId, accountId), isNotNull(totpFactors.confirmedAt)));
  return Boolean(row);
}

/**
 * Checks a six-digit code against the account's secret (confirmed, or the enrolment in progress
 * when `enrolling`) and takes its time step, so the same code is never accepted twice: the step
 * is written by one conditional UPDATE, which of racing requests only one passes.
 */
export async function spendTotpCode(
  tx: Executor,
  accountId: string,
  code: string,
  now: Date,
  { enrolling = false } = {},
): Promise<boolean> {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  const [row] = await tx
    .select()
    .from(totpFactors)
    .where(
      and(
        eq(totpFactors.accountId, accountId),
        enrolling ? isNull(totpFactors.confirmedAt) : isNotNull(totpFactors.confirmedAt),
      ),
    );
  if (!row) return false;
  const result = await verify({
    secret: unseal(row.secretSealed, accountId),
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    afterTimeStep: row.lastUsedStep ?? undefined,
  });
  // otplib's result type covers HOTP too; a TOTP verification always names its time step.
  if (!result.valid || !("timeStep" in result)) return false;
  const [taken] = await tx
    .update(totpFactors)
    .set({ lastUsedStep: result.timeStep, ...(enrolling ? { confirmedAt: now } : {}) })
    .where(
      and(
        eq(totpFactors.accountId, accountId),
        or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, result.timeStep)),
      ),
    )
    .returning({ accountId: totpFactors.accountId });
  return Boolean(taken);
}
