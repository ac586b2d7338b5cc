import "server-only";
import { eq, sql } from "drizzle-orm";
import { webhookEndpoints, webhookFeedCursors as cursor } from "@/db/schema";
import { rowsOf, type Database, type Tx } from "@/db/client";
import { bare, columnList } from "@/db/sql";
import { eventsOfAudit } from "./feed/audit-events";
import { auditRowsAfter, AUDIT_BATCH } from "./feed/audit-rows";
import { CROSSINGS, crossings } from "./feed/crossings";
import { denialSummaries } from "./feed/denial-summaries";
import type { Draft } from "./feed/draft";
import { profileModuleKeys } from "./feed/named-seats";
import { writeEvents } from "./feed/write-events";

// The webhook feed (run by the job leader): turns what the engine already writes into outbox
// events, in one transaction with the cursor that says how far it has read, so each fact
// becomes exactly one event and none is lost.
//
// - Audit events (written by every change, in the change's own transaction — the hot path's
//   single statements included) give contract.*, pool.capacity_changed, scheduled_change.* and
//   seat.*. They are read in transaction-id order and only behind the oldest transaction still
//   running (pg_snapshot_xmin), so a slow transaction's rows, which carry smaller ids than rows
//   committed before them, are never skipped.
// - Pool levels are recomputed for the organizations those rows touched and compared with the
//   level last seen (webhook_pool_levels): near_limit / full / over_limit / devices_full /
//   api_quota_exhausted fire on the crossing only.
// - Denials are summarized per pool and whole minute once the minute has closed.
//
// Nothing is added to the client API's requests; events exist only for types some enabled
// endpoint asked for.

const MAX_BATCHES = 20;
/** A minute's denials are summarized this long after it ends (a denial row is its own short transaction). */
const DENIAL_GRACE_MS = 15_000;

/** Feeds until caught up (at most MAX_BATCHES transactions); returns how many events were written. */
export async function feedWebhookEvents(db: Database, now: Date = new Date()): Promise<{ events: number }> {
  let events = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await db.transaction((tx) => feedOnce(tx, now));
    events += result.events;
    if (!result.more) break;
  }
  return { events };
}

async function feedOnce(tx: Tx, now: Date): Promise<{ events: number; more: boolean }> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true));
  const wanted = new Set(endpoints.flatMap((e) => e.events));

  // The cursors start at "now": an endpoint hears about what happens after the feed first ran.
  await tx.execute(sql`
    insert into ${cursor} ${columnList(cursor.name, cursor.xid, cursor.lastId, cursor.until)}
    values ('audit', pg_snapshot_xmin(pg_current_snapshot()), 0, null), ('denials', null, null, ${minuteFloor(now).toISOString()}::timestamptz)
    on conflict ${columnList(cursor.name)} do nothing`);
  const cursors = rowsOf<{ name: string; xid: string | null; lastId: number | null; until: Date | string | null }>(
    await tx.execute(
      sql`select ${cursor.name} as name, ${cursor.xid}::text as xid, ${cursor.lastId} as "lastId", ${cursor.until} as until
            from ${cursor} order by ${cursor.name} for update`,
    ),
  );
  const audit = cursors.find((c) => c.name === "audit")!;
  const denialsUntil = new Date(cursors.find((c) => c.name === "denials")!.until!);

  if (wanted.size === 0) {
    // Nobody listens: move past everything without reading it.
    await tx.execute(sql`
      update ${cursor} set ${bare(cursor.xid)} = pg_snapshot_xmin(pg_current_snapshot()), ${bare(cursor.lastId)} = 0
       where ${cursor.name} = 'audit' and ${cursor.xid} < pg_snapshot_xmin(pg_current_snapshot())`);
    await tx.execute(
      sql`update ${cursor} set ${bare(cursor.until)} = ${denialCutoff(now).toISOString()}::timestamptz where ${cursor.name} = 'denials'`,
    );
    return { events: 0, more: false };
  }

  const rows = await auditRowsAfter(tx, audit.xid!, audit.lastId ?? 0);
  const modulesOf = await profileModuleKeys(tx, rows);
  const drafts: Draft[] = rows.flatMap((row) => eventsOfAudit(row, modulesOf));
  const touched = new Set(rows.map((r) => r.organizationId).filter((id): id is string => id !== null));

  const cutoff = denialCutoff(now);
  if (cutoff > denialsUntil) {
    if (wanted.has("denials.summary")) {
      const summaries = await denialSummaries(tx, denialsUntil, cutoff);
      drafts.push(...summaries);
      summaries.forEach((s) => s.organizationId && touched.add(s.organizationId));
    }
    await tx.execute(
      sql`update ${cursor} set ${bare(cursor.until)} = ${cutoff.toISOString()}::timestamptz where ${cursor.name} = 'denials'`,
    );
  }

  if (CROSSINGS.some((t) => wanted.has(t)) && touched.size) drafts.push(...(await crossings(tx, [...touched])));

  const last = rows.at(-1);
  if (last)
    await tx.execute(
      sql`update ${cursor} set ${bare(cursor.xid)} = ${last.xid}::xid8, ${bare(cursor.lastId)} = ${last.id} where ${cursor.name} = 'audit'`,
    );

  const written = await writeEvents(
    tx,
    drafts.filter((d) => wanted.has(d.type)),
    endpoints,
    now,
  );
  return { events: written, more: rows.length === AUDIT_BATCH };
}

const minuteFloor = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);
const denialCutoff = (now: Date) => minuteFloor(new Date(now.getTime() - DENIAL_GRACE_MS));
