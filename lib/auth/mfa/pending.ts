import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { consoleAccounts, pendingSignIns } from "@/db/schema";
import type { SignedInAccount } from "../login-throttle";

/** The browser's cookie naming its pending sign-in (HttpOnly; the token, never its hash). */
export const PENDING_SIGN_IN_COOKIE = "seatkeeper-mfa-pending";
/** Time to find the phone, or to enrol one. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

export type PendingSignIn = { id: string; mustEnrol: boolean; passedAt: Date | null; account: SignedInAccount };

/** Records that this account passed its password and still owes a second factor (or enrolment). */
export async function startPendingSignIn(tx: Executor, accountId: string, mustEnrol: boolean, now: Date) {
  const token = randomBytes(32).toString("base64url");
  await tx.insert(pendingSignIns).values({
    tokenHash: hashToken(token),
    accountId,
    mustEnrol,
    expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS),
  });
  return token;
}

/** The pending sign-in a token names, while it hasn't expired. */
export async function pendingSignIn(tx: Executor, token: string | undefined, now: Date): Promise<PendingSignIn | null> {
  if (!token) return null;
  const [row] = await tx
    .select({
      id: pendingSignIns.id,
      mustEnrol: pendingSignIns.mustEnrol,
      passedAt: pendingSignIns.passedAt,
      accountId: consoleAccounts.id,
      email: consoleAccounts.email,
      role: consoleAccounts.role,
      organizationId: consoleAccounts.organizationId,
    })
    .from(pendingSignIns)
    .innerJoin(consoleAccounts, eq(consoleAccounts.id, pendingSignIns.accountId))
    .where(and(eq(pendingSignIns.tokenHash, hashToken(token)), gt(pendingSignIns.expiresAt, now)));
  if (!row) return null;
  return {
    id: row.id,
    mustEnrol: row.mustEnrol,
    passedAt: row.passedAt,
    account: { id: row.accountId, email: row.email, role: row.role, organizationId: row.organizationId },
  };
}

/** Enrolment finished: the code that confirmed it was this sign-in's second factor. */
export async function markPendingSignInPassed(tx: Executor, id: string, now: Date) {
  await tx.update(pendingSignIns).set({ passedAt: now }).where(eq(pendingSignIns.id, id));
}

/**
 * Ends a pending sign-in and answers whether this call was the one that ended it: deleted as it
 * is read, so of racing requests only one turns it into a console session. With `passedOnly`,
 * only a pending sign-in whose enrolment finished is taken.
 */
export async function takePendingSignIn(tx: Executor, id: string, now: Date, { passedOnly = false } = {}) {
  const [taken] = await tx
    .delete(pendingSignIns)
    .where(
      and(
        eq(pendingSignIns.id, id),
        gt(pendingSignIns.expiresAt, now),
        passedOnly
          ? isNotNull(pendingSignIns.passedAt)
          : or(eq(pendingSignIns.mustEnrol, false), isNotNull(pendingSignIns.passedAt)),
      ),
    )
    .returning({ id: pendingSignIns.id });
  return Boolean(taken);
}
