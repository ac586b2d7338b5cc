import "server-only";
import { sql, type Column, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  auditEvents,
  consoleSessions,
  denials,
  deviceActivations,
  idempotencyKeys,
  notificationMails,
  notifications,
  rateLimitWindows,
  scimRequests,
  sessions,
  signInThrottles,
  usageSamples,
  webhookDeliveries,
  webhookEvents,
} from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";
import { bare } from "@/db/sql";
import { MAIL_RECORDS_KEPT_DAYS } from "@/lib/notifications/queries";

export type RetentionPolicy = {
  /** Ended sessions, ended activations and client-activity audit events (session.*, activation.*). */
  retentionDays: number;
  /** Rows deleted per statement: each statement stays short, so it never stalls requests. */
  batchSize?: number;
  /** Statements per table and run; what is left waits for the next run. */
  maxBatches?: number;
  /** Prune one organization only (tests share a database). */
  organizationId?: string;
  /** Prune these kinds of rows only (tests share a database); all by default. */
  only?: string[];
  /** Console sessions unused this long have ended (SEATKEEPER_SESSION_IDLE_MINUTES); 30 days by default. */
  consoleSessionIdleMinutes?: number;
  /** The instant ages are measured from (tests inject it); the server's clock by default. */
  now?: Date;
};

/** What one kind of row is pruned from: its table, key, age condition and organization. */
type Target = {
  table: PgTable;
  key: Column[];
  where: SQL;
  /** The organization a row belongs to (organization-wide kinds). */
  organization?: Column;
  /** How the rows of one organization are found, when not by `organization`. */
  scope?: (organizationId: string) => SQL;
};

/** Kinds of rows that belong to no organization: pruned only when no organization is given. */
const vendorWide = new Set(["rateLimitWindows", "signInThrottles", "consoleSessions", "idempotencyKeys"]);

/**
 * Prunes old rows (SPEC §6), in bounded batches: minute samples after 48 hours (the history reads
 * 24 h of them; longer ranges read usage_daily, which is kept), ended sessions, ended activations
 * and client-activity audit events after `retentionDays`, and denials, every other audit event
 * (changes), the SCIM provisioning log and notices after 13 months, and the settled mail rows of
 * notices after 30 days. Returns the rows deleted per table.
 */
export async function pruneOldRows(db: Database, policy: RetentionPolicy) {
  const days = sql.raw(`interval '${Math.floor(policy.retentionDays)} days'`);
  const now = sql`${(policy.now ?? new Date()).toISOString()}::timestamptz`;
  const audit = auditEvents;
  const clientActivity = sql`(${audit.action} like 'session.%' or ${audit.action} like 'activation.%')`;
  const month13 = sql`${now} - interval '13 months'`;
  const targets: Record<string, Target> = {
    usageSamples: {
      table: usageSamples,
      key: [usageSamples.poolId, usageSamples.bucket],
      where: sql`${usageSamples.bucket} < ${now} - interval '48 hours'`,
      organization: usageSamples.organizationId,
    },
    sessions: {
      table: sessions,
      key: [sessions.id],
      where: sql`${sessions.endedAt} < ${now} - ${days}`,
      organization: sessions.organizationId,
    },
    activations: {
      table: deviceActivations,
      key: [deviceActivations.id],
      where: sql`${deviceActivations.endedAt} < ${now} - ${days}`,
      organization: deviceActivations.organizationId,
    },
    clientActivity: {
      table: audit,
      key: [audit.id],
      where: sql`${clientActivity} and ${audit.createdAt} < ${now} - ${days}`,
      organization: audit.organizationId,
    },
    changes: {
      table: audit,
      key: [audit.id],
      where: sql`${audit.createdAt} < ${month13}`,
      organization: audit.organizationId,
    },
    denials: {
      table: denials,
      key: [denials.id],
      where: sql`${denials.createdAt} < ${month13}`,
      organization: denials.organizationId,
    },
    // The provisioning log is kept like the audit events of changes.
    scimRequests: {
      table: scimRequests,
      key: [scimRequests.id],
      where: sql`${scimRequests.createdAt} < ${month13}`,
      organization: scimRequests.organizationId,
    },
    // Webhook events with their deliveries and attempts (cascade), once none is still being retried.
    webhookEvents: {
      table: webhookEvents,
      key: [webhookEvents.id],
      where: sql`${webhookEvents.createdAt} < ${now} - interval '30 days' and not exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.eventId} = ${webhookEvents.id} and ${webhookDeliveries.status} = 'pending')`,
      organization: webhookEvents.organizationId,
    },
    // What an organization (or the vendor) was told stays listed as long as the audit of changes,
    // unless a mail of it is still to be sent (a notice's mail rows go with it).
    notifications: {
      table: notifications,
      key: [notifications.id],
      where: sql`${notifications.createdAt} < ${month13} and not exists (select 1 from ${notificationMails} where ${notificationMails.notificationId} = ${notifications.id} and ${notificationMails.status} in ('pending', 'sending'))`,
      organization: notifications.organizationId,
    },
    // A mail row only records what became of one message: once settled (sent, skipped for want of a
    // mail server, failed for good) it is kept a month; rows still to be sent are never removed.
    notificationMails: {
      table: notificationMails,
      key: [notificationMails.id],
      where: sql`${notificationMails.status} in ('sent', 'skipped', 'failed') and ${notificationMails.dueAt} < ${now} - ${sql.raw(`interval '${MAIL_RECORDS_KEPT_DAYS} days'`)}`,
      scope: (organizationId) =>
        sql` and ${notificationMails.notificationId} in (select ${notifications.id} from ${notifications} where ${notifications.organizationId} = ${organizationId})`,
    },
    rateLimitWindows: {
      table: rateLimitWindows,
      key: [rateLimitWindows.key, rateLimitWindows.windowStart],
      where: sql`${rateLimitWindows.windowStart} < ${now} - interval '2 minutes'`,
    },
    // A throttle whose last attempt and wait are a day past counts nothing any more (waits are at most 15 min).
    signInThrottles: {
      table: signInThrottles,
      key: [signInThrottles.key],
      where: sql`${signInThrottles.lastAttemptAt} < ${now} - interval '1 day' and ${signInThrottles.nextAttemptAt} < ${now} - interval '1 day'`,
    },
    // Answers kept for retries (lib/http/idempotency.ts), once their 24 hours have passed.
    idempotencyKeys: {
      table: idempotencyKeys,
      key: [idempotencyKeys.credentialId, idempotencyKeys.key],
      where: sql`${idempotencyKeys.expiresAt} < ${now}`,
    },
    consoleSessions: {
      table: consoleSessions,
      key: [consoleSessions.id],
      where: sql`${consoleSessions.lastSeenAt} < ${now} - make_interval(mins => ${Math.floor(policy.consoleSessionIdleMinutes ?? 43_200)})`,
    },
  };
  const deleted: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets)) {
    if (policy.organizationId && vendorWide.has(name)) continue;
    if (policy.only && !policy.only.includes(name)) continue;
    const byOrganization = (organizationId: string) => sql` and ${target.organization} = ${organizationId}`;
    const scope = policy.organizationId ? (target.scope ?? byOrganization)(policy.organizationId) : sql``;
    const scoped = { ...target, where: sql`${target.where}${scope}` };
    deleted[name] = await deleteInBatches(db, scoped, policy.batchSize ?? 5_000, policy.maxBatches ?? 100);
  }
  return deleted;
}

async function deleteInBatches(
  db: Database,
  { table, key, where }: Pick<Target, "table" | "key" | "where">,
  batchSize: number,
  maxBatches: number,
) {
  let total = 0;
  // The key columns qualified in the table's statements, bare as `doomed`'s own columns.
  const columns = sql.join(key, sql`, `);
  const doomedColumns = sql.join(key.map(bare), sql`, `);
  for (let i = 0; i < maxBatches; i++) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        with doomed as (select ${columns} from ${table} where ${where} limit ${batchSize}),
             gone as (delete from ${table} where (${columns}) in (select ${doomedColumns} from doomed) returning 1)
        select count(*)::int as n from gone`),
    );
    total += row?.n ?? 0;
    if ((row?.n ?? 0) < batchSize) break;
  }
  return total;
}
