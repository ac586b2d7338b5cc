import "server-only";
import { and, asc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  accessReviewItems,
  accessReviewLinks,
  accessReviews,
  licensePools,
  modules,
  organizations,
  users,
} from "@/db/schema";
import { formatContractEnd } from "@/lib/console/format";
import { isMailConfigured, sendMail, type MailMessage } from "@/lib/mail/send";
import { mailOrigin } from "@/lib/notifications/mailer";
import { hashLinkToken, isLinkToken, newLinkToken } from "@/lib/people/link-tokens";
import { decideItem, lockOpenReview, type ReviewDecision } from "./access-reviews";
import type { Actor } from "./actor";
import { LicensingError } from "./errors";

// A manager's personal link to an access review: the listed users they manage, decided without a
// console account (the token is the authority, as a password-reset link's). Each manager gets one
// e-mail; the job leader sends it from the links' own outbox rows, making the token as it claims
// the row, so the database only ever holds its hash. A sender killed after claiming leaves a lease
// that lapses; the next run makes a new token and sends it (the first was never sent).

const LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The day a review is due by, in words, in its organization's zone: "15 Jan 2027 (Pacific/Auckland)". */
export const dueDayOf = (dueAt: Date, timeZone: string) => `${formatContractEnd(dueAt, timeZone)} (${timeZone})`;

type Claimed = { reviewId: string; managerId: string; token: string; attempts: number };

/** Claims the links due to be sent (SKIP LOCKED, a lease each) and gives each a fresh token. */
async function claimLinks(db: Database, now: Date): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        reviewId: accessReviewLinks.reviewId,
        managerId: accessReviewLinks.managerId,
        attempts: accessReviewLinks.attempts,
      })
      .from(accessReviewLinks)
      .innerJoin(accessReviews, eq(accessReviews.id, accessReviewLinks.reviewId))
      .where(
        and(
          isNull(accessReviews.finishedAt),
          gt(accessReviewLinks.expiresAt, now),
          or(
            eq(accessReviewLinks.status, "pending"),
            and(eq(accessReviewLinks.status, "sending"), lte(accessReviewLinks.leaseUntil, now)),
          ),
        ),
      )
      .orderBy(asc(accessReviewLinks.createdAt))
      .limit(20)
      .for("update", { of: accessReviewLinks, skipLocked: true });
    const claimed: Claimed[] = [];
    for (const row of due) {
      const { token, tokenHash } = newLinkToken();
      await tx
        .update(accessReviewLinks)
        .set({
          status: "sending",
          tokenHash,
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          attempts: row.attempts + 1,
        })
        .where(and(eq(accessReviewLinks.reviewId, row.reviewId), eq(accessReviewLinks.managerId, row.managerId)));
      claimed.push({ ...row, token, attempts: row.attempts + 1 });
    }
    return claimed;
  });
}

/**
 * A manager's share of a review: the review as their e-mail and link page name it, and the listed
 * users assigned to them; null when the review or the manager is gone.
 */
async function managerShare(db: Database, reviewId: string, managerId: string) {
  const [head] = await db
    .select({
      email: users.email,
      manager: users.username,
      organization: organizations.name,
      timeZone: organizations.timeZone,
      moduleName: modules.name,
      startedBy: accessReviews.startedBy,
      dueAt: accessReviews.dueAt,
      finishedAt: accessReviews.finishedAt,
    })
    .from(accessReviews)
    .innerJoin(organizations, eq(organizations.id, accessReviews.organizationId))
    .innerJoin(licensePools, eq(licensePools.id, accessReviews.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(users, eq(users.id, managerId))
    .where(eq(accessReviews.id, reviewId));
  if (!head) return null;
  const items = await db
    .select({
      userId: accessReviewItems.userId,
      username: accessReviewItems.username,
      lastUsedAt: accessReviewItems.lastUsedAt,
      decision: accessReviewItems.decision,
    })
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.reviewId, reviewId), eq(accessReviewItems.deciderId, managerId)))
    .orderBy(asc(accessReviewItems.username));
  return { ...head, items };
}

/** What a manager's e-mail says: whose review, which of their reports, by when, and their link. */
async function composeLinkMail(db: Database, row: Claimed): Promise<MailMessage | null> {
  const head = await managerShare(db, row.reviewId, row.managerId);
  if (!head || !head.email) return null;
  const reports = head.items;
  const due = dueDayOf(head.dueAt, head.timeZone);
  const url = `${mailOrigin()}/review-link/${row.token}`;
  const names = reports.map((r) => r.username).join(", ");
  const paragraphs = [
    `${head.startedBy} started an access review of ${head.moduleName} licences at ${head.organization}, and you manage ${reports.length === 1 ? "one of the people" : `${reports.length} of the people`} listed: ${names}. Nobody has used ${head.moduleName} for 30 days on their seat.`,
    `Please mark each keep or remove by the end of ${due}. Those marked remove lose their ${head.moduleName} credentials when the review ends; those left open keep them.`,
    "The link is yours alone and needs no console account; it works until the review's due day ends or the review is finished. Do not forward it.",
  ];
  const text = [paragraphs[0], `Decide now: ${url}`, ...paragraphs.slice(1)].join("\n\n");
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p><a href="${escapeHtml(url)}">Decide now</a><br>${escapeHtml(url)}</p>`,
    ...paragraphs.slice(1).map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join("\n");
  return { to: head.email, subject: `Access review of ${head.moduleName}: decide by ${due}`, text, html };
}

/** The job: e-mails each manager of an open review their link, once. */
export async function sendReviewLinks(
  db: Database,
  now: Date = new Date(),
): Promise<{ sent: number; skipped: number; failed: number }> {
  const outcome = { sent: 0, skipped: 0, failed: 0 };
  const claimed = await claimLinks(db, now);
  const settle = (row: Claimed, set: Partial<typeof accessReviewLinks.$inferInsert>) =>
    db
      .update(accessReviewLinks)
      .set({ ...set, leaseUntil: null })
      .where(
        and(
          eq(accessReviewLinks.reviewId, row.reviewId),
          eq(accessReviewLinks.managerId, row.managerId),
          eq(accessReviewLinks.tokenHash, hashLinkToken(row.token)),
          eq(accessReviewLinks.status, "sending"),
        ),
      );
  for (const row of claimed) {
    const message = isMailConfigured() ? await composeLinkMail(db, row) : null;
    if (!message) {
      // Without mail the owners and admins decide these items in the console (they may decide any).
      await settle(row, { status: "skipped", tokenHash: null, lastError: "Mail is not configured." });
      outcome.skipped++;
      continue;
    }
    const result = await sendMail(message);
    if (result.sent) {
      await settle(row, { status: "sent", sentAt: now });
      outcome.sent++;
    } else {
      await settle(row, {
        status: row.attempts < MAX_ATTEMPTS ? "pending" : "failed",
        lastError: "The mail server refused or could not be reached.",
      });
      outcome.failed++;
    }
  }
  return outcome;
}

export type ReviewLinkView =
  | { state: "unknown" | "expired" | "finished" }
  | {
      state: "open";
      manager: string;
      organization: string;
      moduleName: string;
      startedBy: string;
      dueAt: Date;
      timeZone: string;
      items: { userId: string; username: string; lastUsedAt: Date | null; decision: string | null }[];
    };

async function linkOf(db: Database, token: string) {
  if (!isLinkToken(token)) return null;
  const [link] = await db
    .select()
    .from(accessReviewLinks)
    .where(eq(accessReviewLinks.tokenHash, hashLinkToken(token)));
  return link ?? null;
}

/** What a review link shows: the manager's reports in the review, or why it no longer works. */
export async function reviewLink(db: Database, token: string, now: Date = new Date()): Promise<ReviewLinkView> {
  const link = await linkOf(db, token);
  if (!link) return { state: "unknown" };
  const share = await managerShare(db, link.reviewId, link.managerId);
  if (!share) return { state: "unknown" };
  if (share.finishedAt) return { state: "finished" };
  if (link.expiresAt <= now) return { state: "expired" };
  const { finishedAt, email, ...rest } = share;
  void finishedAt;
  void email;
  return { state: "open", ...rest };
}

/**
 * A manager's decision through their link: only for the users assigned to them, while the link
 * works; audited as "<manager> via review link".
 */
export async function decideByReviewLink(
  db: Database,
  token: string,
  userId: string,
  decision: ReviewDecision,
  now: Date = new Date(),
) {
  const link = await linkOf(db, token);
  if (!link) throw new LicensingError("NOT_FOUND", "This review link is not valid.");
  return db.transaction(async (tx) => {
    const review = await lockOpenReview(tx, link.organizationId, link.reviewId);
    if (link.expiresAt <= now) throw new LicensingError("CONFLICT", "This review link has expired.");
    const [manager] = await tx.select({ username: users.username }).from(users).where(eq(users.id, link.managerId));
    const actor: Actor = { type: "system", label: `${manager!.username} via review link` };
    return decideItem(tx, actor, review, userId, decision, link.managerId);
  });
}

/** Each manager's link of a review and whether it was e-mailed (managerId → status), for the console. */
export async function reviewLinkStates(db: Database, reviewId: string) {
  const rows = await db
    .select({ managerId: accessReviewLinks.managerId, status: accessReviewLinks.status })
    .from(accessReviewLinks)
    .where(eq(accessReviewLinks.reviewId, reviewId));
  return new Map(rows.map((r) => [r.managerId, r.status]));
}
