import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
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
  const clientActivity = sql`(action like 'session.%' or action like 'activation.%')`;
  const targets: Record<string, { table: string; key: string; where: SQL; scope?: (organizationId: string) => SQL }> = {
    usageSamples: { table: "usage_samples", key: "pool_id, bucket", where: sql`bucket < ${now} - interval '48 hours'` },
    sessions: { table: "sessions", key: "id", where: sql`ended_at < ${now} - ${days}` },
    activations: { table: "device_activations", key: "id", where: sql`ended_at < ${now} - ${days}` },
    clientActivity: {
      table: "audit_events",
      key: "id",
      where: sql`${clientActivity} and created_at < ${now} - ${days}`,
    },
    changes: { table: "audit_events", key: "id", where: sql`created_at < ${now} - interval '13 months'` },
    denials: { table: "denials", key: "id", where: sql`created_at < ${now} - interval '13 months'` },
    // The provisioning log is kept like the audit events of changes.
    scimRequests: { table: "scim_requests", key: "id", where: sql`created_at < ${now} - interval '13 months'` },
    // Webhook events with their deliveries and attempts (cascade), once none is still being retried.
    webhookEvents: {
      table: "webhook_events",
      key: "id",
      where: sql`created_at < ${now} - interval '30 days' and not exists (select 1 from webhook_deliveries d where d.event_id = webhook_events.id and d.status = 'pending')`,
    },
    // What an organization (or the vendor) was told stays listed as long as the audit of changes,
    // unless a mail of it is still to be sent (a notice's mail rows go with it).
    notifications: {
      table: "notifications",
      key: "id",
      where: sql`created_at < ${now} - interval '13 months' and not exists (select 1 from notification_mails m where m.notification_id = notifications.id and m.status in ('pending', 'sending'))`,
    },
    // A mail row only records what became of one message: once settled (sent, skipped for want of a
    // mail server, failed for good) it is kept a month; rows still to be sent are never removed.
    notificationMails: {
      table: "notification_mails",
      key: "id",
      where: sql`status in ('sent', 'skipped', 'failed') and due_at < ${now} - ${sql.raw(`interval '${MAIL_RECORDS_KEPT_DAYS} days'`)}`,
      scope: (organizationId) =>
        sql` and notification_id in (select id from notifications where organization_id = ${organizationId})`,
    },
    rateLimitWindows: {
      table: "rate_limit_windows",
      key: "key, window_start",
      where: sql`window_start < ${now} - interval '2 minutes'`,
    },
    // A throttle whose last attempt and wait are a day past counts nothing any more (waits are at most 15 min).
    signInThrottles: {
      table: "sign_in_throttles",
      key: "key",
      where: sql`last_attempt_at < ${now} - interval '1 day' and next_attempt_at < ${now} - interval '1 day'`,
    },
    // Answers kept for retries (lib/http/idempotency.ts), once their 24 hours have passed.
    idempotencyKeys: { table: "idempotency_keys", key: "credential_id, key", where: sql`expires_at < ${now}` },
    consoleSessions: {
      table: "console_sessions",
      key: "id",
      where: sql`last_seen_at < ${now} - make_interval(mins => ${Math.floor(policy.consoleSessionIdleMinutes ?? 43_200)})`,
    },
  };
  const deleted: Record<string, number> = {};
  const byOrganization = (organizationId: string) => sql` and organization_id = ${organizationId}`;
  for (const [name, target] of Object.entries(targets)) {
    if (policy.organizationId && vendorWide.has(name)) continue;
    if (policy.only && !policy.only.includes(name)) continue;
    const scope = policy.organizationId ? (target.scope ?? byOrganization)(policy.organizationId) : sql``;
    const scoped = { ...target, where: sql`${target.where}${scope}` };
    deleted[name] = await deleteInBatches(db, scoped, policy.batchSize ?? 5_000, policy.maxBatches ?? 100);
  }
  return deleted;
}

async function deleteInBatches(
  db: Database,
  { table, key, where }: { table: string; key: string; where: SQL },
  batchSize: number,
  maxBatches: number,
) {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        with doomed as (select ${sql.raw(key)} from ${sql.raw(table)} where ${where} limit ${batchSize}),
             gone as (delete from ${sql.raw(table)} where (${sql.raw(key)}) in (select ${sql.raw(key)} from doomed) returning 1)
        select count(*)::int as n from gone`),
    );
    total += row?.n ?? 0;
    if ((row?.n ?? 0) < batchSize) break;
  }
  return total;
}
