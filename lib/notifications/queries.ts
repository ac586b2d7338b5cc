import "server-only";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { notificationMails, notifications } from "@/db/schema";
import { LIST_PAGE_SIZE } from "@/lib/console/keyset";
import type { Actor } from "@/lib/licensing/actor";

/**
 * How long the record of a notice's e-mail is kept once settled (lib/runtime/retention.ts); the
 * notice itself stays listed longer, without saying what became of its e-mail.
 */
export const MAIL_RECORDS_KEPT_DAYS = 30;

export type NoticeRow = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  occurredAt: Date;
  /** What became of this account's e-mail of it (null: not e-mailed, by choice, or no longer known). */
  mail: { status: string; dueAt: Date; digest: boolean } | null;
  /** The notice is older than its mail record is kept: a null `mail` says nothing. */
  mailForgotten: boolean;
};

/**
 * The notices an account sees, newest first, whatever its mail choices: its organization's (owners
 * and admins) or the vendor-wide ones (vendor staff). `page` counts from 1.
 */
export async function noticesFor(
  db: Database,
  actor: Extract<Actor, { type: "account" }>,
  page = 1,
  now = new Date(),
): Promise<{ rows: NoticeRow[]; hasMore: boolean }> {
  const scope: SQL = actor.organizationId
    ? eq(notifications.organizationId, actor.organizationId)
    : isNull(notifications.organizationId);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      occurredAt: notifications.occurredAt,
      createdAt: notifications.createdAt,
      status: notificationMails.status,
      dueAt: notificationMails.dueAt,
      digest: notificationMails.digest,
    })
    .from(notifications)
    .leftJoin(
      notificationMails,
      and(eq(notificationMails.notificationId, notifications.id), eq(notificationMails.accountId, actor.id)),
    )
    .where(scope)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(LIST_PAGE_SIZE + 1)
    .offset((page - 1) * LIST_PAGE_SIZE);
  return {
    hasMore: rows.length > LIST_PAGE_SIZE,
    rows: rows.slice(0, LIST_PAGE_SIZE).map(({ status, dueAt, digest, createdAt, ...n }) => ({
      ...n,
      mail: status && dueAt && digest !== null ? { status, dueAt, digest } : null,
      mailForgotten: createdAt.getTime() < now.getTime() - MAIL_RECORDS_KEPT_DAYS * 86_400_000,
    })),
  };
}
