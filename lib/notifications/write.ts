import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { consoleAccounts, notificationMails, notificationPreferences, notifications, organizations } from "@/db/schema";
import { nextDigestAt } from "./digest-time";
import { defaultDelivery, isVendorKind, type Delivery, type NotificationKind } from "./kinds";

/** A notice as the feed drafts it; `source` names the fact, so writing it twice writes nothing. */
export type NoticeDraft = {
  kind: NotificationKind;
  organizationId: string | null;
  title: string;
  body: string;
  link: string;
  source: string;
  occurredAt: Date;
};

/**
 * Writes the notices not written before and, in the same transaction, one mail row per account
 * that wants each (immediately: due now; digest: due at the next 08:00 of the organization's
 * zone). Returns how many notices were new.
 */
export async function writeNotices(tx: Tx, drafts: NoticeDraft[], now: Date): Promise<number> {
  if (drafts.length === 0) return 0;
  const written = await tx
    .insert(notifications)
    .values(drafts)
    .onConflictDoNothing({ target: notifications.source })
    .returning({ id: notifications.id, kind: notifications.kind, organizationId: notifications.organizationId });
  if (written.length === 0) return 0;

  const organizationIds = [...new Set(written.map((n) => n.organizationId).filter((id): id is string => id !== null))];
  const zones = new Map(
    organizationIds.length
      ? (
          await tx
            .select({ id: organizations.id, timeZone: organizations.timeZone })
            .from(organizations)
            .where(inArray(organizations.id, organizationIds))
        ).map((o) => [o.id, o.timeZone])
      : [],
  );
  const mails: (typeof notificationMails.$inferInsert)[] = [];
  for (const notice of written) {
    const kind = notice.kind as NotificationKind;
    for (const account of await recipients(tx, kind, notice.organizationId)) {
      if (account.delivery === "off") continue;
      const digest = account.delivery === "digest";
      const zone = notice.organizationId ? (zones.get(notice.organizationId) ?? "UTC") : "UTC";
      mails.push({
        notificationId: notice.id,
        accountId: account.id,
        digest,
        dueAt: digest ? nextDigestAt(now, zone) : now,
      });
    }
  }
  if (mails.length) await tx.insert(notificationMails).values(mails).onConflictDoNothing();
  return written.length;
}

/** The accounts a notice reaches, each with its choice for the kind (its role's default when unset). */
async function recipients(
  tx: Tx,
  kind: NotificationKind,
  organizationId: string | null,
): Promise<{ id: string; delivery: Delivery }[]> {
  const scope =
    organizationId === null
      ? and(isNull(consoleAccounts.organizationId), inArray(consoleAccounts.role, ["operator", "support"]))
      : eq(consoleAccounts.organizationId, organizationId);
  if (isVendorKind(kind) !== (organizationId === null)) return [];
  const rows = await tx
    .select({ id: consoleAccounts.id, role: consoleAccounts.role, delivery: notificationPreferences.delivery })
    .from(consoleAccounts)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.accountId, consoleAccounts.id), eq(notificationPreferences.kind, kind)),
    )
    .where(scope);
  return rows.map((r) => ({ id: r.id, delivery: (r.delivery as Delivery | null) ?? defaultDelivery(r.role, kind) }));
}
