import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints, webhookEvents, webhookPoolLevels } from "@/db/schema";
import { rowsOf, type Database, type Tx } from "@/db/client";
import { poolUsages, type PoolState, type PoolUsage } from "@/lib/licensing/usage";
import type { WebhookEventType } from "./event-types";

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

const AUDIT_BATCH = 500;
const MAX_BATCHES = 20;
/** A minute's denials are summarized this long after it ends (a denial row is its own short transaction). */
const DENIAL_GRACE_MS = 15_000;

type Draft = {
  type: WebhookEventType;
  organizationId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
  source: string;
};

type AuditRow = {
  id: number;
  xid: string;
  organizationId: string | null;
  action: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date | string;
  poolId: string | null;
  contractId: string | null;
  module: string | null;
  sessionEndReason: string | null;
};

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
    insert into webhook_feed_cursors (name, xid, last_id, until)
    values ('audit', pg_snapshot_xmin(pg_current_snapshot()), 0, null), ('denials', null, null, ${minuteFloor(now).toISOString()}::timestamptz)
    on conflict (name) do nothing`);
  const cursors = rowsOf<{ name: string; xid: string | null; lastId: number | null; until: Date | string | null }>(
    await tx.execute(
      sql`select name, xid::text as xid, last_id as "lastId", until from webhook_feed_cursors order by name for update`,
    ),
  );
  const audit = cursors.find((c) => c.name === "audit")!;
  const denialsUntil = new Date(cursors.find((c) => c.name === "denials")!.until!);

  if (wanted.size === 0) {
    // Nobody listens: move past everything without reading it.
    await tx.execute(sql`
      update webhook_feed_cursors set xid = pg_snapshot_xmin(pg_current_snapshot()), last_id = 0
       where name = 'audit' and xid < pg_snapshot_xmin(pg_current_snapshot())`);
    await tx.execute(
      sql`update webhook_feed_cursors set until = ${denialCutoff(now).toISOString()}::timestamptz where name = 'denials'`,
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
      sql`update webhook_feed_cursors set until = ${cutoff.toISOString()}::timestamptz where name = 'denials'`,
    );
  }

  if (CROSSINGS.some((t) => wanted.has(t)) && touched.size) drafts.push(...(await crossings(tx, [...touched])));

  const last = rows.at(-1);
  if (last)
    await tx.execute(
      sql`update webhook_feed_cursors set xid = ${last.xid}::xid8, last_id = ${last.id} where name = 'audit'`,
    );

  const written = await writeEvents(
    tx,
    drafts.filter((d) => wanted.has(d.type)),
    endpoints,
    now,
  );
  return { events: written, more: rows.length === AUDIT_BATCH };
}

async function auditRowsAfter(tx: Tx, xid: string, lastId: number): Promise<AuditRow[]> {
  const result = await tx.execute(sql`
    select a.id, a.xid::text as xid, a.organization_id as "organizationId", a.action, a.target_id as "targetId",
           a.before, a.after, a.created_at as "createdAt", p.id as "poolId", p.contract_id as "contractId",
           m.key as module, s.end_reason as "sessionEndReason"
      from audit_events a
      left join sessions s on a.target_type = 'session'
            and s.id = (case when a.target_type = 'session' then a.target_id::uuid end)
      left join device_activations d on a.target_type = 'device_activation'
            and d.id = (case when a.target_type = 'device_activation' then a.target_id::uuid end)
      left join license_pools p on p.id = coalesce(s.pool_id, d.pool_id,
            case when a.target_type = 'license_pool' then a.target_id::uuid end)
      left join modules m on m.id = p.module_id
     where a.xid >= ${xid}::xid8 and (a.xid > ${xid}::xid8 or a.id > ${lastId})
       and a.xid < pg_snapshot_xmin(pg_current_snapshot())
     order by a.xid, a.id
     limit ${AUDIT_BATCH}`);
  return rowsOf<AuditRow>(result).map((r) => ({ ...r, id: Number(r.id) }));
}

type UserSeatView = {
  username?: string;
  status?: string;
  credentials?: string;
  validTo?: string | null;
  profileId?: string | null;
};

/** Rule 1's seat holder, from a user's audit view: active, credentials issued, a profile, not past validTo. */
const holdsNamedSeat = (u: UserSeatView | null, today: string) =>
  Boolean(
    u && u.status === "active" && u.credentials === "issued" && u.profileId && (!u.validTo || u.validTo >= today),
  );

/** A user in a bulk change's audit row (user.import, user.bulkUpdate): before and after, null when absent. */
type UserChange = { id: string; before: UserSeatView | null; after: UserSeatView | null };
/** A named-seat holder listed by a profile's audit row (profile.update, profile.delete). */
type SeatHolder = { id: string; username: string };

/** The users a user.* row changes, with their views before and after. */
function userChangesOf(row: AuditRow): UserChange[] {
  switch (row.action) {
    case "user.create":
      return [{ id: row.targetId!, before: null, after: row.after as UserSeatView }];
    case "user.update":
      return [{ id: row.targetId!, before: row.before as UserSeatView, after: row.after as UserSeatView }];
    case "user.delete":
      return [{ id: row.targetId!, before: row.before as UserSeatView, after: null }];
    case "user.import":
      return ((row.after?.users ?? []) as (UserSeatView & { id: string })[]).map(({ id, ...view }) => ({
        id,
        before: null,
        after: view,
      }));
    case "user.bulkUpdate":
      return (row.after?.users ?? []) as UserChange[];
    default:
      return [];
  }
}

/** The module keys each profile named by these rows' users grants (what a named seat covers). */
async function profileModuleKeys(tx: Tx, rows: AuditRow[]): Promise<Map<string, string[]>> {
  const ids = new Set<string>();
  for (const r of rows)
    for (const change of userChangesOf(r))
      for (const view of [change.before, change.after]) if (view?.profileId) ids.add(view.profileId);
  if (ids.size === 0) return new Map();
  const found = rowsOf<{ profileId: string; key: string }>(
    await tx.execute(sql`
      select pm.profile_id as "profileId", m.key from profile_modules pm join modules m on m.id = pm.module_id
       where pm.profile_id in (${sql.join(
         [...ids].map((id) => sql`${id}::uuid`),
         sql`, `,
       )})`),
  );
  const map = new Map<string, string[]>();
  for (const f of found) map.set(f.profileId, [...(map.get(f.profileId) ?? []), f.key]);
  return map;
}

/** The events one audit row stands for (none for most: only the changes other systems care about). */
function eventsOfAudit(row: AuditRow, modulesOf: Map<string, string[]>): Draft[] {
  const at = new Date(row.createdAt);
  const pool = { poolId: row.poolId, contractId: row.contractId, module: row.module };
  // A row standing for many holders (an import, a profile's members) makes one event per holder.
  const draft = (type: WebhookEventType, data: Record<string, unknown>, holder?: string): Draft => ({
    type,
    organizationId: row.organizationId,
    occurredAt: at,
    data,
    source: `audit:${row.id}:${type}${holder ? `:${holder}` : ""}`,
  });
  const before = row.before ?? {};
  const after = row.after ?? {};
  switch (row.action) {
    case "contract.create":
      return [draft("contract.created", { contractId: row.targetId, ...after })];
    case "contract.update":
      return [draft("contract.updated", { contractId: row.targetId, before, after })];
    case "pool.update":
      return "capacity" in after && after.capacity !== before.capacity
        ? [
            draft("pool.capacity_changed", {
              ...pool,
              before: { capacity: before.capacity },
              after: { capacity: after.capacity },
            }),
          ]
        : [];
    case "pool.scheduledDecreaseApplied":
      return [
        draft("scheduled_change.applied", { ...pool, capacity: after.capacity, previousCapacity: before.capacity }),
        draft("pool.capacity_changed", {
          ...pool,
          before: { capacity: before.capacity },
          after: { capacity: after.capacity },
          scheduled: true,
        }),
      ];
    case "pool.scheduledDecreaseRefused":
      return [
        draft("scheduled_change.refused", {
          ...pool,
          scheduledCapacity: before.scheduledCapacity,
          capacity: after.capacity,
          inUse: after.inUse,
        }),
      ];
    case "session.open":
      return [
        draft("seat.granted", {
          ...pool,
          holder: "session",
          sessionId: row.targetId,
          clientType: after.clientType,
          deviceId: after.deviceId,
          username: after.username,
          weight: after.weight,
        }),
      ];
    case "session.close":
    case "session.end":
    case "session.expire":
      return [
        draft("seat.freed", {
          ...pool,
          holder: "session",
          sessionId: row.targetId,
          reason: row.sessionEndReason ?? row.action.slice("session.".length),
        }),
      ];
    // A borrow (rule 25) hands the session's seat to the borrow until it is returned, revoked or runs out.
    case "borrow.create":
      return [
        draft("seat.granted", {
          ...pool,
          holder: "borrow",
          sessionId: row.targetId,
          borrowId: after.borrowId,
          hours: after.hours,
          expiresAt: after.expiresAt,
          deviceId: after.deviceId,
          username: after.username,
        }),
      ];
    case "borrow.return":
    case "borrow.revoke":
    case "borrow.expire":
      return [
        draft("seat.freed", {
          ...pool,
          holder: "borrow",
          sessionId: row.targetId,
          ...(before.borrowId ? { borrowId: before.borrowId } : {}),
          reason: row.sessionEndReason ?? row.action.slice("borrow.".length),
        }),
      ];
    case "activation.create":
      return [draft("seat.granted", { ...pool, holder: "activation", activationId: row.targetId, ...after })];
    case "activation.release":
    case "activation.revoke":
    case "activation.lapse":
      return [
        draft("seat.freed", {
          ...pool,
          holder: "activation",
          activationId: row.targetId,
          ...(row.action === "activation.lapse" ? { fingerprint: before.fingerprint } : {}),
          reason: { "activation.release": "released", "activation.revoke": "revoked", "activation.lapse": "lapsed" }[
            row.action
          ],
        }),
      ];
    case "user.create":
    case "user.update":
    case "user.delete":
    case "user.import":
    case "user.bulkUpdate": {
      // Named seats (rule 1): granted when the user starts holding one, freed when it stops; a
      // holder moved to another profile frees the old profile's seats and takes the new one's.
      const today = at.toISOString().slice(0, 10);
      const many = row.action === "user.import" || row.action === "user.bulkUpdate";
      return userChangesOf(row).flatMap(({ id, before: was, after: now }) => {
        const held = holdsNamedSeat(was, today);
        const holds = holdsNamedSeat(now, today);
        const seat = (type: "seat.granted" | "seat.freed", view: UserSeatView) =>
          draft(
            type,
            {
              holder: "user",
              userId: id,
              username: view.username,
              profileId: view.profileId,
              modules: modulesOf.get(view.profileId ?? "") ?? [],
              ...(type === "seat.freed" ? { reason: row.action === "user.delete" ? "deleted" : "changed" } : {}),
            },
            many ? id : undefined,
          );
        const moved = held && holds && was!.profileId !== now!.profileId;
        return [
          ...(held && (!holds || moved) ? [seat("seat.freed", was!)] : []),
          ...(holds && (!held || moved) ? [seat("seat.granted", now!)] : []),
        ];
      });
    }
    case "profile.update":
    case "profile.delete": {
      // Every member holding a named seat gains the modules added and frees the modules removed
      // (all of them when the profile is deleted), as listed by the row's own transaction.
      const holders = ((row.action === "profile.update" ? after : before).seatHolders ?? []) as SeatHolder[];
      const was = (before.modules ?? []) as string[];
      const now = row.action === "profile.update" ? ((after.modules ?? []) as string[]) : [];
      const added = now.filter((m) => !was.includes(m));
      const removed = was.filter((m) => !now.includes(m));
      const reason = row.action === "profile.update" ? "profileChanged" : "profileDeleted";
      return holders.flatMap((h) => {
        const seat = { holder: "user", userId: h.id, username: h.username, profileId: row.targetId };
        return [
          ...(removed.length ? [draft("seat.freed", { ...seat, modules: removed, reason }, h.id)] : []),
          ...(added.length ? [draft("seat.granted", { ...seat, modules: added }, h.id)] : []),
        ];
      });
    }
    default:
      return [];
  }
}

const CROSSINGS: WebhookEventType[] = [
  "pool.near_limit",
  "pool.full",
  "pool.over_limit",
  "pool.devices_full",
  "pool.api_quota_exhausted",
];
const RANK: Record<PoolState, number> = { normal: 0, warning: 1, full: 2, over: 3 };
const STATE_EVENT: Record<PoolState, WebhookEventType | null> = {
  normal: null,
  warning: "pool.near_limit",
  full: "pool.full",
  over: "pool.over_limit",
};

/**
 * Each pool of these organizations now, against what the feed saw last: an event when a level is
 * reached (not while it holds), and the new levels remembered in the same transaction.
 */
async function crossings(tx: Tx, organizationIds: string[]): Promise<Draft[]> {
  const usages: PoolUsage[] = [];
  for (const organizationId of organizationIds) usages.push(...(await poolUsages(tx, { organizationId })));
  if (usages.length === 0) return [];
  const seen = new Map(
    (
      await tx
        .select()
        .from(webhookPoolLevels)
        .where(
          inArray(
            webhookPoolLevels.poolId,
            usages.map((u) => u.poolId),
          ),
        )
    ).map((l) => [l.poolId, l]),
  );
  const drafts: Draft[] = [];
  const now = new Date();
  for (const u of usages) {
    const state = u.contractStatus === "active" ? u.state : "normal";
    const devicesFull = u.activations.limit > 0 && u.activations.inUse >= u.activations.limit;
    const quotaExhausted = u.apiConnects.limit > 0 && u.apiConnects.used >= u.apiConnects.limit;
    const was = seen.get(u.poolId) ?? { state: "normal", devicesFull: false, quotaExhausted: false };
    const data = {
      poolId: u.poolId,
      contractId: u.contractId,
      module: u.module,
      model: u.model,
      capacity: u.capacity,
      limit: u.limit,
      inUse: u.inUse,
      state,
      activations: u.activations,
      apiConnects: u.apiConnects,
    };
    const fire = (type: WebhookEventType) =>
      drafts.push({
        type,
        organizationId: u.organizationId,
        occurredAt: now,
        data,
        source: `crossing:${u.poolId}:${type}:${randomUUID()}`,
      });
    const stateEvent = STATE_EVENT[state];
    if (stateEvent && RANK[state] > RANK[was.state as PoolState]) fire(stateEvent);
    if (devicesFull && !was.devicesFull) fire("pool.devices_full");
    if (quotaExhausted && !was.quotaExhausted) fire("pool.api_quota_exhausted");
    if (state !== was.state || devicesFull !== was.devicesFull || quotaExhausted !== was.quotaExhausted)
      await tx
        .insert(webhookPoolLevels)
        .values({ poolId: u.poolId, state, devicesFull, quotaExhausted })
        .onConflictDoUpdate({ target: webhookPoolLevels.poolId, set: { state, devicesFull, quotaExhausted } });
  }
  return drafts;
}

/** One event per organization, pool and closed minute, with the refusals counted by code. */
async function denialSummaries(tx: Tx, from: Date, until: Date): Promise<Draft[]> {
  const rows = rowsOf<{
    organizationId: string;
    poolId: string | null;
    contractId: string | null;
    module: string | null;
    minute: Date | string;
    code: string;
    count: number;
  }>(
    await tx.execute(sql`
      select d.organization_id as "organizationId", d.pool_id as "poolId", d.contract_id as "contractId", m.key as module,
             date_trunc('minute', d.created_at) as minute, d.code, count(*)::int as count
        from denials d left join modules m on m.id = d.module_id
       where d.created_at >= ${from.toISOString()}::timestamptz and d.created_at < ${until.toISOString()}::timestamptz
       group by 1, 2, 3, 4, 5, 6
       order by 5, 1, 2, 6`),
  );
  const byKey = new Map<string, Draft>();
  for (const r of rows) {
    const minute = new Date(r.minute);
    const key = `${r.organizationId}:${r.poolId ?? "none"}:${minute.toISOString()}`;
    let draft = byKey.get(key);
    if (!draft) {
      draft = {
        type: "denials.summary",
        organizationId: r.organizationId,
        occurredAt: minute,
        source: `denials:${key}`,
        data: {
          poolId: r.poolId,
          contractId: r.contractId,
          module: r.module,
          minute: minute.toISOString(),
          total: 0,
          byCode: {} as Record<string, number>,
        },
      };
      byKey.set(key, draft);
    }
    (draft.data.byCode as Record<string, number>)[r.code] = Number(r.count);
    draft.data.total = (draft.data.total as number) + Number(r.count);
  }
  return [...byKey.values()];
}

/** Writes the events and one delivery per endpoint that asked for each; a source seen before is skipped. */
async function writeEvents(
  tx: Tx,
  drafts: Draft[],
  endpoints: { id: string; events: string[] }[],
  now: Date,
): Promise<number> {
  if (drafts.length === 0) return 0;
  let written = 0;
  for (let i = 0; i < drafts.length; i += 500) {
    const events = await tx
      .insert(webhookEvents)
      .values(drafts.slice(i, i + 500))
      .onConflictDoNothing({ target: webhookEvents.source })
      .returning({ id: webhookEvents.id, type: webhookEvents.type });
    written += events.length;
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((e) => e.events.includes(event.type))
        .map((e) => ({ endpointId: e.id, eventId: event.id, nextAttemptAt: now })),
    );
    if (deliveries.length) await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing();
  }
  return written;
}

const minuteFloor = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);
const denialCutoff = (now: Date) => minuteFloor(new Date(now.getTime() - DENIAL_GRACE_MS));
