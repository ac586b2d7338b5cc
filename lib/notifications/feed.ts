import "server-only";
import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, licensePools, modules, notificationCursors as cursor } from "@/db/schema";
import { rowsOf, type Database, type Tx } from "@/db/client";
import { bare, columnList } from "@/db/sql";

const a = alias(auditEvents, "a");
import { poolCrossings } from "./crossings";
import { directoryRefusals } from "./directory";
import { writeNotices, type NoticeDraft } from "./write";

// The notification feed (run by the job leader), the same way as the webhook feed: it reads what
// the engine already writes (audit rows behind the oldest running transaction, directory denials
// once their minute has closed) and turns it into notices, in one transaction with the cursor
// that says how far it has read. A fact becomes one notice (each has a `source`), so a restart
// re-reads nothing twice and loses nothing. Nothing is added to the client API's requests.

const AUDIT_BATCH = 500;
const MAX_BATCHES = 20;

type AuditRow = {
  id: number;
  xid: string;
  organizationId: string | null;
  action: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date | string;
  moduleName: string | null;
};

/** Feeds until caught up (at most MAX_BATCHES transactions); returns how many notices were written. */
export async function feedNotifications(db: Database, now: Date = new Date()): Promise<{ notices: number }> {
  let notices = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await db.transaction((tx) => feedOnce(tx, now, batch === 0));
    notices += result.notices;
    if (!result.more) break;
  }
  return { notices };
}

async function feedOnce(tx: Tx, now: Date, first: boolean): Promise<{ notices: number; more: boolean }> {
  // The cursors start at "now": people hear about what happens after the feed first ran.
  await tx.execute(sql`
    insert into ${cursor} ${columnList(cursor.name, cursor.xid, cursor.lastId, cursor.until)}
    values ('audit', pg_snapshot_xmin(pg_current_snapshot()), 0, null), ('directory', null, null, ${now.toISOString()}::timestamptz)
    on conflict ${columnList(cursor.name)} do nothing`);
  const cursors = rowsOf<{ name: string; xid: string | null; lastId: number | null; until: Date | string | null }>(
    await tx.execute(
      sql`select ${cursor.name} as name, ${cursor.xid}::text as xid, ${cursor.lastId} as "lastId", ${cursor.until} as until
            from ${cursor} order by ${cursor.name} for update`,
    ),
  );
  const audit = cursors.find((c) => c.name === "audit")!;
  const directoryUntil = new Date(cursors.find((c) => c.name === "directory")!.until!);

  const rows = await auditRowsAfter(tx, audit.xid!, Number(audit.lastId ?? 0));
  const drafts: NoticeDraft[] = rows.flatMap(noticeOfAudit);
  const touched = new Set(rows.map((r) => r.organizationId).filter((id): id is string => id !== null));

  if (first) {
    const directory = await directoryRefusals(tx, directoryUntil, now);
    drafts.push(...directory.drafts);
    await tx.execute(
      sql`update ${cursor} set ${bare(cursor.until)} = ${directory.until.toISOString()}::timestamptz where ${cursor.name} = 'directory'`,
    );
  }
  if (touched.size) drafts.push(...(await poolCrossings(tx, [...touched], now)));

  const last = rows.at(-1);
  if (last)
    await tx.execute(
      sql`update ${cursor} set ${bare(cursor.xid)} = ${last.xid}::xid8, ${bare(cursor.lastId)} = ${last.id} where ${cursor.name} = 'audit'`,
    );
  const notices = await writeNotices(tx, drafts, now);
  return { notices, more: rows.length === AUDIT_BATCH };
}

async function auditRowsAfter(tx: Tx, xid: string, lastId: number): Promise<AuditRow[]> {
  const result = await tx.execute(sql`
    select ${a.id} as id, ${a.xid}::text as xid, ${a.organizationId} as "organizationId", ${a.action} as action,
           ${a.targetId} as "targetId", ${a.before} as before, ${a.after} as after, ${a.createdAt} as "createdAt",
           ${modules.name} as "moduleName"
      from ${auditEvents} ${a}
      left join ${licensePools} on ${a.targetType} = 'license_pool'
            and ${a.action} in ('pool.scheduledDecreaseApplied', 'pool.scheduledDecreaseRefused')
            and ${licensePools.id} = ${a.targetId}::uuid
      left join ${modules} on ${modules.id} = ${licensePools.moduleId}
     where ${a.xid} >= ${xid}::xid8 and (${a.xid} > ${xid}::xid8 or ${a.id} > ${lastId})
       and ${a.xid} < pg_snapshot_xmin(pg_current_snapshot())
     order by ${a.xid}, ${a.id}
     limit ${AUDIT_BATCH}`);
  return rowsOf<AuditRow>(result).map((r) => ({ ...r, id: Number(r.id) }));
}

/** The notice one audit row stands for (most stand for none). */
function noticeOfAudit(row: AuditRow): NoticeDraft[] {
  const occurredAt = new Date(row.createdAt);
  const source = `audit:${row.id}`;
  const before = row.before ?? {};
  const after = row.after ?? {};
  const contractLink = `/contract?org=${row.organizationId}`;
  switch (row.action) {
    case "pool.scheduledDecreaseApplied":
      return [
        {
          kind: "scheduled_change",
          organizationId: row.organizationId,
          title: `${row.moduleName ?? "A pool"}: scheduled decrease applied`,
          body: `The capacity of ${row.moduleName ?? "the pool"} went from ${String(before.capacity)} to ${String(after.capacity)} licences as scheduled.`,
          link: contractLink,
          source,
          occurredAt,
        },
      ];
    case "pool.scheduledDecreaseRefused":
      return [
        {
          kind: "scheduled_change",
          organizationId: row.organizationId,
          title: `${row.moduleName ?? "A pool"}: scheduled decrease refused`,
          body: `The decrease of ${row.moduleName ?? "the pool"} to ${String(before.scheduledCapacity)} licences was refused: ${String(after.inUse)} are in use. The pool keeps ${String(after.capacity)}.`,
          link: contractLink,
          source,
          occurredAt,
        },
      ];
    case "accessReview.finish": {
      const removed = Array.isArray(after.removed) ? after.removed.length : 0;
      const offered = typeof after.offeredCapacity === "number" ? after.offeredCapacity : null;
      const name = String(after.moduleName ?? after.module);
      return [
        {
          kind: "access_review_finished",
          organizationId: row.organizationId,
          title: `Access review of ${name} finished`,
          body: `${removed} ${removed === 1 ? "user's credentials were" : "users' credentials were"} revoked and ${String(after.kept)} kept.${offered === null ? "" : ` The review offers to decrease ${name} to ${offered} licences at renewal: one click on the review schedules it.`}`,
          link: `/reviews/${row.targetId}?org=${row.organizationId}`,
          source,
          occurredAt,
        },
      ];
    }
    case "webhook.disable":
      return [
        {
          kind: "webhook_disabled",
          organizationId: null,
          title: "A webhook endpoint was disabled",
          body: `Every delivery attempt to the endpoint failed for 24 hours, so it was disabled. Fix the receiver and enable it again.`,
          link: `/catalogue/webhooks`,
          source,
          occurredAt,
        },
      ];
    default:
      return [];
  }
}
