import "server-only";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, consoleSessions, passwordResets } from "@/db/schema";
import { FREE_ATTEMPTS, takeAttempt } from "@/lib/auth/login-throttle";
import { passwordProblem } from "@/lib/auth/password-policy";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { systemActor, type Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError, notFound } from "@/lib/licensing/errors";
import { errorFields, log } from "@/lib/runtime/log";
import { isMailConfigured, sendMail, type MailOutcome } from "@/lib/mail/send";
import { hashLinkToken, isLinkToken, newLinkToken, RESET_MINUTES } from "./link-tokens";
import { resetMail } from "./mail-messages";
import { inTeam, type Team } from "./teams";

type AccountRef = { id: string; email: string; organizationId: string | null };

/** Stores a new reset link of an account (its hash) and audits who asked for it, in one transaction. */
function insertReset(
  db: Database,
  actor: Actor,
  account: AccountRef,
  origin: string,
  action: "password.reset_mail" | "password.reset_link",
  now: Date,
) {
  return db.transaction(async (tx) => {
    const { token, tokenHash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + RESET_MINUTES * 60_000);
    await tx.insert(passwordResets).values({ accountId: account.id, tokenHash, createdAt: now, expiresAt });
    await recordAudit(tx, actor, {
      organizationId: account.organizationId,
      action,
      targetType: "console_account",
      targetId: account.id,
      after: { email: account.email, expiresAt },
    });
    return { email: account.email, url: `${origin}/reset/${token}`, expiresAt };
  });
}

/**
 * "Forgot password?": when the e-mail names an account and mail is configured, e-mails it a reset
 * link. The caller answers the same words whatever happened and does not wait for the mail
 * (`delivery`), so neither the answer nor its time tells whether the account exists. Requests
 * are throttled like sign-ins, per e-mail and per address, on budgets of their own.
 */
export async function requestPasswordReset(
  db: Database,
  input: { email: string; address: string },
  origin: string,
  now = new Date(),
): Promise<{ throttledSeconds: number | null; delivery: Promise<MailOutcome> }> {
  const email = input.email.trim().toLowerCase();
  for (const [key, free] of [
    [`reset-address:${input.address}`, FREE_ATTEMPTS.address],
    [`reset:${email}`, FREE_ATTEMPTS.account],
  ] as const) {
    const retryAt = await takeAttempt(db, key, free, now);
    if (retryAt) {
      return {
        throttledSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
        delivery: Promise.resolve({ sent: false, reason: "not_configured" }),
      };
    }
  }
  if (!isMailConfigured())
    return { throttledSeconds: null, delivery: Promise.resolve({ sent: false, reason: "not_configured" }) };
  const [account] = await db
    .select({ id: consoleAccounts.id, email: consoleAccounts.email, organizationId: consoleAccounts.organizationId })
    .from(consoleAccounts)
    .where(sql`lower(${consoleAccounts.email}) = ${email}`);
  if (!account) return { throttledSeconds: null, delivery: Promise.resolve({ sent: false, reason: "not_configured" }) };
  const delivery = insertReset(db, systemActor, account, origin, "password.reset_mail", now).then(
    ({ url, expiresAt }) => sendMail(resetMail({ to: account.email, url, expiresAt })),
    (error: unknown): MailOutcome => {
      log.error(errorFields(error), "password reset not stored");
      return { sent: false, reason: "failed" };
    },
  );
  return { throttledSeconds: null, delivery };
}

/**
 * A reset link for another team member, issued by an operator (any account) or an owner (their
 * organization's accounts) to pass on when mail is not configured. Shown once, audited.
 */
export async function issueResetLink(
  db: Database,
  actor: Actor,
  team: Team,
  accountId: string,
  origin: string,
  now = new Date(),
) {
  const [account] = await db
    .select({ id: consoleAccounts.id, email: consoleAccounts.email, organizationId: consoleAccounts.organizationId })
    .from(consoleAccounts)
    .where(and(eq(consoleAccounts.id, accountId), inTeam(team)));
  if (!account) throw notFound("That console account");
  return insertReset(db, actor, account, origin, "password.reset_link", now);
}

export type ResetLink = { state: "open"; email: string } | { state: "unknown" | "used" | "expired" };

export const resetLinkSentences: Record<Exclude<ResetLink["state"], "open">, string> = {
  unknown: "This reset link is not valid. Check that you copied all of it, or ask for a new one.",
  used: "This reset link has already been used. Sign in with your new password, or ask for a new link.",
  expired: "This reset link has expired (links work for one hour). Ask for a new one on the sign-in page.",
};

export async function resetLink(db: Database, token: string, now = new Date()): Promise<ResetLink> {
  if (!isLinkToken(token)) return { state: "unknown" };
  const [row] = await db
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt, email: consoleAccounts.email })
    .from(passwordResets)
    .innerJoin(consoleAccounts, eq(consoleAccounts.id, passwordResets.accountId))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)));
  if (!row) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "open", email: row.email };
}

/**
 * Sets a new password through a reset link. The link is taken by one conditional UPDATE (used
 * once, even by racing requests), every other link of the account stops working, and every
 * console session of the account ends.
 */
export async function resetPassword(db: Database, token: string, password: string, now = new Date()) {
  const link = await resetLink(db, token, now);
  if (link.state !== "open")
    throw new LicensingError("CONFLICT", resetLinkSentences[link.state], { state: link.state });
  const problem = passwordProblem(password, link.email);
  if (problem) throw new LicensingError("INVALID", problem, { field: "password" });
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResets.tokenHash, hashLinkToken(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
      .returning({ accountId: passwordResets.accountId });
    if (!taken) throw new LicensingError("CONFLICT", resetLinkSentences.used, { state: "used" });
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.accountId, taken.accountId), isNull(passwordResets.usedAt)));
    const [account] = await tx
      .update(consoleAccounts)
      .set({ passwordHash })
      .where(eq(consoleAccounts.id, taken.accountId))
      .returning({
        id: consoleAccounts.id,
        email: consoleAccounts.email,
        organizationId: consoleAccounts.organizationId,
      });
    await tx.delete(consoleSessions).where(eq(consoleSessions.accountId, taken.accountId));
    await recordAudit(tx, systemActor, {
      organizationId: account!.organizationId,
      action: "password.reset",
      targetType: "console_account",
      targetId: account!.id,
      after: { email: account!.email, sessionsEnded: true },
    });
    return account!;
  });
}

/**
 * Changes the signed-in account's own password: the current one is required, the new one must
 * pass the policy, and every other console session of the account ends (`keepSessionId`, this
 * browser's, stays when given).
 */
export async function changeOwnPassword(
  db: Database,
  actor: Extract<Actor, { type: "account" }>,
  input: { currentPassword: string; newPassword: string },
  keepSessionId?: string,
) {
  const [account] = await db
    .select({ passwordHash: consoleAccounts.passwordHash, email: consoleAccounts.email })
    .from(consoleAccounts)
    .where(eq(consoleAccounts.id, actor.id));
  if (!account) throw notFound("Your account");
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw new LicensingError("INVALID", "The current password is not right.", { field: "currentPassword" });
  }
  const problem = passwordProblem(input.newPassword, account.email);
  if (problem) throw new LicensingError("INVALID", problem, { field: "newPassword" });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(consoleAccounts).set({ passwordHash }).where(eq(consoleAccounts.id, actor.id));
    await tx
      .delete(consoleSessions)
      .where(
        keepSessionId
          ? and(eq(consoleSessions.accountId, actor.id), ne(consoleSessions.id, keepSessionId))
          : eq(consoleSessions.accountId, actor.id),
      );
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "password.change",
      targetType: "console_account",
      targetId: actor.id,
      after: { otherSessionsEnded: true },
    });
  });
}
