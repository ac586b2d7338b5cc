import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, signInThrottles, type AccountRole } from "@/db/schema";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";

/**
 * Sign-in throttling (OWASP ASVS V2.2): each attempt is taken from a budget per client address
 * and, before the password is checked, from one of two budgets of the account: a browser that
 * signed in to it before (its device cookie, device-cookie.ts) has a budget of its own; every
 * other attempt, known account or not, shares the account's budget. The first attempts are free;
 * after that each attempt must wait longer than the last (doubling up to MAX_WAIT_MS), so guessing
 * is slowed to a few tries an hour, and no one else's failures can make the owner's own browser
 * wait: attempts from other addresses and devices never touch its budget.
 */
export const FREE_ATTEMPTS = { account: 5, device: 5, address: 50 } as const;
export const FIRST_WAIT_MS = 15_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** A key with no attempt for this long starts again from a full budget. */
export const QUIET_RESET_MS = 60 * 60_000;

export type SignedInAccount = { id: string; email: string; role: AccountRole; organizationId: string | null };

export type SignInCheck =
  | { ok: true; account: SignedInAccount }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

type Scope = keyof typeof FREE_ATTEMPTS;
const throttleKey = (scope: Scope | "secondFactor", value: string) => `${scope}:${value}`;

/**
 * Checks an email and password for the console. A wrong email and a wrong password look the same
 * to the caller and cost the same time (a dummy hash is verified); so does a throttled known
 * account and a throttled unknown email. A success restores the budget it was taken from (the
 * device's, or the account's for others), upgrades a
 * bcrypt hash to argon2id and records the sign-in.
 */
export async function checkConsoleSignIn(
  db: Database,
  input: { email: string; password: string; address: string; trustedDevice?: string | null },
  now: Date = new Date(),
): Promise<SignInCheck> {
  const email = input.email.trim().toLowerCase();
  const addressKey = throttleKey("address", input.address);
  // A device that signed in to this account before counts only its own failures.
  const accountKey = input.trustedDevice
    ? throttleKey("device", `${email}:${input.trustedDevice}`)
    : throttleKey("account", email);
  for (const [scope, key] of [
    ["address", addressKey],
    [input.trustedDevice ? "device" : "account", accountKey],
  ] as const) {
    const retryAt = await takeAttempt(db, key, FREE_ATTEMPTS[scope], now);
    if (retryAt) {
      return {
        ok: false,
        reason: "throttled",
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      };
    }
  }

  const [account] = await db
    .select()
    .from(consoleAccounts)
    .where(sql`lower(${consoleAccounts.email}) = ${email}`);
  const isValid = await verifyPassword(input.password, account?.passwordHash);
  if (!account || !isValid) return { ok: false, reason: "invalid" };

  await db.delete(signInThrottles).where(eq(signInThrottles.key, accountKey));
  // The address keeps counting failures only: its successful attempt is given back.
  await db
    .update(signInThrottles)
    .set({ attempts: sql`greatest(${signInThrottles.attempts} - 1, 0)` })
    .where(eq(signInThrottles.key, addressKey));
  const upgraded = needsRehash(account.passwordHash) ? { passwordHash: await hashPassword(input.password) } : {};
  await db
    .update(consoleAccounts)
    .set({ lastLoginAt: now, ...upgraded })
    .where(eq(consoleAccounts.id, account.id));
  return {
    ok: true,
    account: { id: account.id, email: account.email, role: account.role, organizationId: account.organizationId },
  };
}

/**
 * Takes one second-factor attempt for the account (codes, recovery codes, passkeys), on the same
 * budget rules as passwords: answers the seconds to wait, or null when the attempt may be made.
 * A success should give the budget back (`clearSecondFactorAttempts`).
 */
export async function takeSecondFactorAttempt(db: Database, accountId: string, now: Date): Promise<number | null> {
  const retryAt = await takeAttempt(db, throttleKey("secondFactor", accountId), FREE_ATTEMPTS.account, now);
  return retryAt ? Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) : null;
}

export async function clearSecondFactorAttempts(db: Database, accountId: string) {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, throttleKey("secondFactor", accountId)));
}

/**
 * Takes one attempt for `key` (sign-ins, password-reset requests) in a single conditional upsert, or answers when the next attempt
 * may be made (epoch ms). The row is only changed when its next attempt is due, and PostgreSQL
 * re-checks that condition on the newest row version, so concurrent attempts on any number of
 * instances take the budget one at a time.
 */
export async function takeAttempt(db: Database, key: string, free: number, now: Date): Promise<number | null> {
  const t = signInThrottles;
  const at = sql`${now.toISOString()}::timestamptz`;
  const quiet = sql`${t.lastAttemptAt} < ${new Date(now.getTime() - QUIET_RESET_MS).toISOString()}::timestamptz`;
  const attempts = sql`(CASE WHEN ${quiet} THEN 1 ELSE ${t.attempts} + 1 END)`;
  const [taken] = await db
    .insert(t)
    .values({ key, attempts: 1, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + waitAfter(1, free)) })
    .onConflictDoUpdate({
      target: t.key,
      // Requests that race reach here out of their clocks' order: one stamped a millisecond before
      // the last recorded attempt is not early while no wait is due (the next attempt is then due
      // at the last one's time), so two people signing in at once from one address both go in.
      set: {
        attempts,
        lastAttemptAt: sql`greatest(${t.lastAttemptAt}, ${at})`,
        nextAttemptAt: sql`greatest(${t.lastAttemptAt}, ${at}) + ${waitSql(attempts, free)}`,
      },
      setWhere: sql`${t.nextAttemptAt} <= greatest(${at}, ${t.lastAttemptAt})`,
    })
    .returning({ attempts: t.attempts });
  if (taken) return null;
  const [row] = await db.select({ nextAttemptAt: t.nextAttemptAt }).from(t).where(eq(t.key, key));
  return row ? row.nextAttemptAt.getTime() : now.getTime() + FIRST_WAIT_MS;
}

/** How long to wait after the nth attempt: nothing within the free budget, then doubling. */
export function waitAfter(attempts: number, free: number): number {
  if (attempts < free) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(attempts - free, 20), MAX_WAIT_MS);
}

const waitSql = (attempts: ReturnType<typeof sql>, free: number) =>
  sql`(CASE WHEN ${attempts} < ${free} THEN 0 ELSE least(${FIRST_WAIT_MS} * power(2, least(${attempts} - ${free}, 20)), ${MAX_WAIT_MS}) END) * interval '1 millisecond'`;
