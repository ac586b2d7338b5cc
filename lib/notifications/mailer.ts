import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { alias } from "drizzle-orm/pg-core";
import { consoleAccounts, notificationMails, notifications } from "@/db/schema";
import { bare } from "@/db/sql";
import { env } from "@/lib/env";
import { isMailConfigured, sendMail } from "@/lib/mail/send";
import type { NotificationKind } from "./kinds";
import { composeMail, type MailedNotice } from "./message";

// The sender (run by the job leader): claims due outbox rows (status `sending` with a lease), sends,
// then marks them sent. A sender killed after claiming leaves rows whose lease lapses; the next
// run claims and sends them. Rows already `sent` are never claimed again, so running the step
// twice sends nothing twice.

export const LEASE_MS = 2 * 60_000;
const BATCH = 50;
const MAX_ATTEMPTS = 5;

/** The rows a run claims, read in a subquery of the update (`for update … skip locked`). */
const due = alias(notificationMails, "due");

type Claimed = { id: string; accountId: string; notificationId: string; digest: boolean; attempts: number };

/** Claims due rows for this run; SKIP LOCKED so two senders never take the same one. */
export async function claimDueMails(db: Database, now: Date = new Date()): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const result = await db.execute(sql`
    update ${notificationMails} set ${bare(notificationMails.status)} = 'sending', ${bare(notificationMails.leaseUntil)} = ${leaseUntil.toISOString()}::timestamptz,
           ${bare(notificationMails.attempts)} = ${notificationMails.attempts} + 1
     where ${notificationMails.id} in (
       select ${due.id} from ${notificationMails} ${due}
        where ${due.dueAt} <= ${now.toISOString()}::timestamptz
          and (${due.status} = 'pending' or (${due.status} = 'sending' and ${due.leaseUntil} <= ${now.toISOString()}::timestamptz))
        order by ${due.dueAt} limit ${BATCH}
        for update skip locked)
    returning ${notificationMails.id} as id, ${notificationMails.accountId} as "accountId", ${notificationMails.notificationId} as "notificationId",
              ${notificationMails.digest} as digest, ${notificationMails.attempts} as attempts`);
  return rowsOf<Claimed>(result);
}

/** The origin links in messages start with: AUTH_URL, or this server's own address. */
export const mailOrigin = () => {
  const { AUTH_URL, PORT } = env();
  return AUTH_URL ? new URL(AUTH_URL).origin : `http://localhost:${PORT}`;
};

/** Sends what is due: one message per immediate notice, one digest per account. */
export async function sendDueNotifications(
  db: Database,
  now: Date = new Date(),
): Promise<{ sent: number; skipped: number; failed: number }> {
  const claimed = await claimDueMails(db, now);
  const outcome = { sent: 0, skipped: 0, failed: 0 };
  if (claimed.length === 0) return outcome;
  if (!isMailConfigured()) {
    // The notices stay in the console's list; nothing waits to flood an inbox once mail is set up.
    await settle(db, claimed, { status: "skipped", lastError: "Mail is not configured (SEATKEEPER_SMTP_URL)." });
    outcome.skipped = claimed.length;
    return outcome;
  }
  const notices = new Map(
    (
      await db
        .select()
        .from(notifications)
        .where(
          inArray(
            notifications.id,
            claimed.map((c) => c.notificationId),
          ),
        )
    ).map((n) => [n.id, n]),
  );
  const emails = new Map(
    (
      await db
        .select({ id: consoleAccounts.id, email: consoleAccounts.email })
        .from(consoleAccounts)
        .where(
          inArray(
            consoleAccounts.id,
            claimed.map((c) => c.accountId),
          ),
        )
    ).map((a) => [a.id, a.email]),
  );
  // One message per immediate row; the digest rows of an account together.
  const groups = new Map<string, Claimed[]>();
  for (const row of claimed) {
    const key = row.digest ? `digest:${row.accountId}` : row.id;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const mailed: MailedNotice[] = rows.flatMap((r) => {
      const n = notices.get(r.notificationId);
      return n
        ? [{ kind: n.kind as NotificationKind, title: n.title, body: n.body, link: n.link, occurredAt: n.occurredAt }]
        : [];
    });
    const to = emails.get(first.accountId);
    if (!to || mailed.length === 0) continue;
    const result = await sendMail(
      composeMail({
        to,
        accountId: first.accountId,
        mailId: first.id,
        origin: mailOrigin(),
        notices: mailed,
        digest: first.digest,
      }),
    );
    if (result.sent) {
      await settle(db, rows, { status: "sent", sentAt: now });
      outcome.sent += 1;
    } else {
      const retry = first.attempts < MAX_ATTEMPTS;
      await settle(db, rows, {
        status: retry ? "pending" : "failed",
        dueAt: retry ? new Date(now.getTime() + first.attempts * 60_000) : undefined,
        lastError: "The mail server refused or could not be reached.",
      });
      outcome.failed += 1;
    }
  }
  return outcome;
}

/** Ends this run's claim on rows: only rows still `sending` change (a lapsed lease taken over is left alone). */
async function settle(
  db: Database,
  rows: Claimed[],
  set: { status: "sent" | "skipped" | "pending" | "failed"; sentAt?: Date; dueAt?: Date; lastError?: string },
) {
  await db
    .update(notificationMails)
    .set({ ...set, leaseUntil: null })
    .where(
      and(
        inArray(
          notificationMails.id,
          rows.map((r) => r.id),
        ),
        eq(notificationMails.status, "sending"),
      ),
    );
}
