import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, type AccountRole } from "@/db/schema";
import { verifyPassword } from "./passwords";

/** After this many failed sign-ins within the window, the account refuses sign-ins for a while. */
export const MAX_FAILED_SIGN_INS = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export type SignedInAccount = { id: string; email: string; role: AccountRole; organizationId: string | null };

export type SignInCheck =
  | { ok: true; account: SignedInAccount }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/** When an account may try again, or null when it is not being slowed down. */
export function throttledUntil(
  account: { failedLogins: number; lastFailedLoginAt: Date | null },
  now: Date,
): Date | null {
  if (account.failedLogins < MAX_FAILED_SIGN_INS || !account.lastFailedLoginAt) return null;
  const retryAt = new Date(account.lastFailedLoginAt.getTime() + FAILURE_WINDOW_MS);
  return retryAt > now ? retryAt : null;
}

/**
 * Checks an email and password for the console. A wrong email and a wrong password look the
 * same to the caller (and cost the same time); failures are counted on the account so repeated
 * guessing is slowed down, and a success clears the count.
 */
export async function checkConsoleSignIn(
  db: Database,
  input: { email: string; password: string },
  now: Date = new Date(),
): Promise<SignInCheck> {
  const [account] = await db
    .select()
    .from(consoleAccounts)
    .where(sql`lower(${consoleAccounts.email}) = ${input.email.trim().toLowerCase()}`);

  if (account) {
    const retryAt = throttledUntil(account, now);
    if (retryAt) return { ok: false, reason: "throttled", retryAt };
  }

  const isValid = await verifyPassword(input.password, account?.passwordHash);
  if (!account || !isValid) {
    if (account) await recordFailedSignIn(db, account.id, now);
    return { ok: false, reason: "invalid" };
  }

  await db
    .update(consoleAccounts)
    .set({ failedLogins: 0, lastFailedLoginAt: null, lastLoginAt: now })
    .where(eq(consoleAccounts.id, account.id));
  return {
    ok: true,
    account: { id: account.id, email: account.email, role: account.role, organizationId: account.organizationId },
  };
}

// One conditional UPDATE, so racing failures all count: a failure outside the window starts a new count.
async function recordFailedSignIn(db: Database, accountId: string, now: Date) {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  await db
    .update(consoleAccounts)
    .set({
      failedLogins: sql`CASE WHEN ${consoleAccounts.lastFailedLoginAt} > ${windowStart.toISOString()}::timestamptz THEN ${consoleAccounts.failedLogins} + 1 ELSE 1 END`,
      lastFailedLoginAt: now,
    })
    .where(eq(consoleAccounts.id, accountId));
}
