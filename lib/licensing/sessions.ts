import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { apiConnectUsage, contracts, licensePools, organizations, sessions } from "@/db/schema";
import { rowsOf, type Database, type Executor, type Tx } from "@/db/client";
import {
  heartbeatInput,
  sessionOpenInput,
  type HeartbeatInput,
  type SessionOpenInput,
} from "@/lib/validation/licensing";
import { Batcher, batchersPer } from "@/lib/runtime/batch";
import { actorId, systemActor, type Actor } from "./actor";
import { endSessionsPastValidTo } from "./seat-revocation";
import { auditInsertSql } from "./audit";
import { checkClientUser, contractInactive, findClientPool, type ClientPool } from "./client-pool";
import { reservationRefusal } from "./reservation-refusal";
import { firstInLineSql, neverServable, noOneInLineSql, waitInLine, type QueuedOpen } from "./session-queue";
import { recordDenial, recordingDenials, refusal, type DenialContext } from "./denials";
import { isLicensingError, LicensingError } from "./errors";
import { assertInScope, isUuid, parseInput, type ClientKey, type Scope } from "./input";
import { apiConnectLimit, apiConnectLimitSql, apiPeriod } from "./holdings/api-connects";
import { contractInForce, contractInForceForTake, contractNotInForceAt, isInForce } from "./holdings/contract";
import { sessionUserHoldsSeatSql } from "./holdings/named-seats";
import { sessionIsLiveAt, sessionLimit, sessionLimitSql, sessionMissedHeartbeatAt } from "./holdings/session-weights";
import { reservedHeldAfterTakeSql, unusedReservedForOthersSql, withinProfileMaxSql } from "./holdings/reservations";
import { endLiveSessions, reclaimExpiredSessions, type EndReason } from "./session-release";

// How seats stay exact under any number of racing requests (SPEC rule 15), on PostgreSQL and
// PGlite alike, without SERIALIZABLE retries:
// - A pool row carries `sessions_held`. Opening takes seats with ONE conditional statement,
//   `UPDATE license_pools SET sessions_held = sessions_held + w WHERE id = $pool AND
//   sessions_held + w <= <limit> RETURNING`. At READ COMMITTED PostgreSQL re-checks the WHERE
//   on the newest row version after waiting for a racing writer, so the counter can never pass
//   the limit; an empty RETURNING means "full". The session row and its audit event are
//   inserted by the same statement from that RETURNING, so a refused take writes nothing.
// - The counter may still include sessions that missed their heartbeat. Before refusing, those
//   are reclaimed (ended as `expired`, their seats_held subtracted in the same statement) and
//   the take is retried once, so an expired session stops counting at once (rule 8).
// - Ending a session is `UPDATE sessions … WHERE ended_at IS NULL RETURNING seats_held`, then the
//   counter goes down by exactly what was returned: racing enders release a session once.
// - API connects: `INSERT … ON CONFLICT DO UPDATE SET used = used + 1 WHERE used < limit
//   RETURNING`, in the same transaction as the seat, so both are taken or neither (rule 12).
// - Under load these statements go in rounds (lib/runtime/batch.ts): the opens of a pool that
//   arrive while its statement is in flight are granted by the next one together, under the pool
//   row's lock (`takes` below); heartbeats and closes likewise. A lone request runs as above.
// - Reports never read the counters: they recompute from rows (see usage.ts).

export type OpenedSession = {
  id: string;
  module: string;
  clientType: string;
  weight: number;
  expiresAt: Date;
  heartbeatSeconds: number;
  /** How long the open waited in line (rule 25), when it asked to wait and did. */
  waitedMs?: number;
};

/** Opens a session for a licensed application (rules 6–9, 12, 13). */
export async function openSession(
  db: Database,
  key: ClientKey,
  input: SessionOpenInput,
  options: { signal?: AbortSignal } = {},
): Promise<OpenedSession> {
  const s = parseInput(sessionOpenInput, input);
  const denial: DenialContext = {
    kind: "session",
    organizationId: key.organizationId,
    contractId: key.contractId,
    username: s.username ?? null,
    deviceId: s.deviceId,
    clientType: s.clientType,
  };
  return recordingDenials(db, key.actor, async () => {
    const target = await findClientPool(db, key, s.module, denial);
    const { pool } = target;
    const user = s.username ? await checkClientUser(db, key, s.username, target, denial) : null;

    // The seat is already a named user's (rule 9): on a named pool the session takes nothing more.
    if (pool.model === "named" && !user)
      throw refusal(
        "USER_NOT_FOUND",
        `${target.moduleName} is licensed per named user: give the username.`,
        {},
        denial,
      );
    const open: SessionRow = {
      ...s,
      seatsHeld: pool.model === "named" ? 0 : s.weight,
      userId: user?.id ?? null,
      username: user?.username ?? null,
      profileId: user?.profileId ?? null,
    };

    const acquire = async (ex: Executor, queued?: QueuedOpen) => {
      // An API client's connect and its seat are taken together or not at all (rule 12): in one transaction.
      if (s.clientType === "api") await takeApiConnect(ex, target, { ...denial, kind: "api_connect" });
      // Opens outside a transaction, not waiting in line, on a pool without reservations go in
      // rounds: what arrives while the pool's take is in flight is granted together.
      const alone = ex !== db || queued || open.seatsHeld === 0 || pool.reservations;
      const opened =
        (alone
          ? await insertTakingSeats(ex, key, target, open, queued)
          : await takes(db).run(pool.id, { key, target, row: open })) ??
        ((await reclaimExpiredSessions(ex, pool.id)) > 0
          ? await insertTakingSeats(ex, key, target, open, queued)
          : null);
      // A waiter's failed look needs no sentence: its refusal, if any, is written when its time is up.
      if (!opened) throw queued ? notYet() : await sessionLimitReached(ex, key, target, open, denial);
      return opened;
    };
    const attempt = (queued?: QueuedOpen) =>
      s.clientType === "api" ? db.transaction((tx) => acquire(tx, queued)) : acquire(db, queued);
    let waitedMs: number | undefined;
    let opened: { id: string; expiresAt: Date };
    try {
      opened = await attempt();
    } catch (e) {
      // Rule 25: with `wait`, a full pool puts the open in line instead of refusing it now.
      if (!s.wait || !isLicensingError(e) || e.code !== "SESSION_LIMIT_REACHED" || open.seatsHeld === 0) throw e;
      const impossible = neverServable(target, open);
      if (impossible) throw refusal("SESSION_LIMIT_REACHED", impossible.message, impossible.details, denial);
      const served = await waitInLine(db, key, target, open, s.wait, e, attempt, denial, options.signal);
      opened = served.opened;
      waitedMs = served.waitedMs;
    }
    return {
      id: opened.id,
      module: target.moduleKey,
      clientType: s.clientType,
      weight: s.weight,
      expiresAt: opened.expiresAt,
      heartbeatSeconds: pool.heartbeatSeconds,
      ...(waitedMs === undefined ? {} : { waitedMs }),
    };
  });
}

const notYet = () => new LicensingError("SESSION_LIMIT_REACHED", "Not yet first in line for a free seat.");

type SessionRow = {
  clientType: string;
  deviceId: string;
  weight: number;
  seatsHeld: number;
  userId: string | null;
  username: string | null;
  /** The user's profile: the reservation the seats count against (rule 25). */
  profileId: string | null;
};

/**
 * The hot path of an open, as ONE statement: the conditional take on the pool counter, the session
 * row and its audit event. The row and the event are written only when the take succeeded, so an
 * empty answer means "full" and changed nothing; a statement is its own transaction, so no
 * BEGIN/COMMIT round trips, and the pool row's lock is held only for this statement's commit.
 */
async function insertTakingSeats(
  ex: Executor,
  key: ClientKey,
  target: ClientPool,
  row: SessionRow,
  queued?: QueuedOpen,
): Promise<{ id: string; expiresAt: Date } | null> {
  const { pool } = target;
  // Rule 21: the contract is re-checked in force by this same statement (contractInForceForTake).
  const inForce = contractInForceForTake(key.contractId);
  // Rule 25: while opens wait in line (the pool row's `waiters`), a freed seat is the first
  // waiter's; that waiter takes it by this statement, leaving the line in the same statement.
  const line = queued ? sql`, waiters = greatest(waiters - 1, 0)` : sql``;
  const turn = queued ? firstInLineSql(queued.seq) : noOneInLineSql;
  // Reservations (rule 25) are read from the pool row in the same WHERE; without any they add no
  // statement, and their subqueries over a null list find nothing.
  const take =
    row.seatsHeld > 0
      ? sql`update license_pools set sessions_held = sessions_held + ${row.seatsHeld}, reserved_held = ${reservedHeldAfterTakeSql(row.profileId, row.seatsHeld)}${line}
             where id = ${pool.id} and sessions_held + ${row.seatsHeld} + ${unusedReservedForOthersSql(row.profileId)} <= ${sessionLimitSql}
               and ${withinProfileMaxSql(row.profileId, row.seatsHeld)} and ${turn} and ${inForce} returning id`
      : sql`select ${pool.id}::uuid as id where ${inForce}`;
  const after = {
    module: target.moduleKey,
    clientType: row.clientType,
    deviceId: row.deviceId,
    username: row.username,
    weight: row.weight,
  };
  const result = await ex.execute(sql`
    with take as (${take}),
    opened as (
      insert into sessions (organization_id, contract_id, pool_id, user_id, reserved_profile_id, client_type, device_id, weight, seats_held, last_heartbeat_at, expires_at, queue_seq, waited_ms)
      select ${key.organizationId}::uuid, ${key.contractId}::uuid, take.id, ${row.userId}::uuid, ${row.profileId}::uuid, ${row.clientType}::client_type, ${row.deviceId}::text, ${row.weight}::int, ${row.seatsHeld}::int,
             clock_timestamp(), clock_timestamp() + make_interval(secs => ${pool.heartbeatSeconds}::int), ${queued?.seq ?? null}::bigint, ${queued ? sql`(extract(epoch from clock_timestamp() - ${queued.enqueuedAt.toISOString()}::timestamptz) * 1000)::int` : null}
        from take
      returning id, expires_at
    ),${queued ? sql` dequeued as (delete from session_waiters where id = ${queued.waiterId} and exists (select 1 from take) returning id),` : sql``} audited as (
      ${auditInsertSql(key.actor, { organizationId: key.organizationId, action: "session.open", targetType: "session", after }, sql`opened.id::text`, sql`from opened`)}
    )
    select id, expires_at as "expiresAt"${queued ? sql`, (select count(*) from dequeued) as dequeued` : sql``} from opened`);
  const [opened] = rowsOf<{ id: string; expiresAt: Date | string }>(result);
  return opened ? { id: opened.id, expiresAt: new Date(opened.expiresAt) } : null;
}

type Take = { key: ClientKey; target: ClientPool; row: SessionRow };

/**
 * The opens of one pool arriving together, as ONE statement: the pool row
 * is locked, the longest run of them in arrival order that fits is granted by one update of the
 * counter, and their sessions and audit events are inserted by one insert each; an open behind one
 * that did not fit is tried alone when the seats left could hold it. Exactness is the
 * lock's: `FOR NO KEY UPDATE` (what an UPDATE takes) waits for a racing writer and answers the
 * newest row version, re-checked, so the seats that fit are counted on what committed. An open
 * not granted here (the pool full, reservations set meanwhile, someone waiting in line, the
 * contract not in force) gets null and goes the way of a lone open: reclaim, retry, refusal.
 */
const takes = batchersPer(
  (db: Database) =>
    new Batcher<Take, { id: string; expiresAt: Date } | null>("opens", async (items) => {
      const { key, target } = items[0]!;
      // Alone, it is the lone open's statement: nothing to lock ahead, no list to read.
      if (items.length === 1) return [await insertTakingSeats(db, key, target, items[0]!.row)];
      const { pool } = target;
      const requests = items.map(({ row, key: { actor } }, ord) => ({
        ord,
        id: crypto.randomUUID(),
        actor_type: actor.type,
        actor_id: actorId(actor),
        actor_label: actor.label,
        user_id: row.userId,
        profile_id: row.profileId,
        client_type: row.clientType,
        device_id: row.deviceId,
        username: row.username,
        weight: row.weight,
        seats: row.seatsHeld,
      }));
      // Every open is its own key's event: the pool's keys (one contract's) share a round.
      const byRow = { type: sql`req.actor_type`, id: sql`req.actor_id`, label: sql`req.actor_label` };
      const after = sql`jsonb_build_object('module', ${target.moduleKey}::text, 'clientType', req.client_type, 'deviceId', req.device_id, 'username', req.username, 'weight', req.weight)`;
      const result = await db.execute(sql`
        with req as (
          select * from jsonb_to_recordset(${JSON.stringify(requests)}::jsonb)
            as r(ord int, id uuid, actor_type text, actor_id text, actor_label text, user_id uuid, profile_id uuid, client_type client_type, device_id text, username text, weight int, seats int)
        ), cum as (
          select ord, sum(seats) over (order by ord) as upto from req
        ), locked as (
          select id, sessions_held, ${sessionLimitSql} as lim from license_pools
           where id = ${pool.id} and reservations is null and ${noOneInLineSql} and ${contractInForceForTake(key.contractId)}
             for no key update
        ), fit as (
          select max(cum.upto) as seats from cum, locked where cum.upto <= locked.lim - locked.sessions_held
        ), take as (
          update license_pools set sessions_held = sessions_held + fit.seats from fit
           where license_pools.id = ${pool.id} and fit.seats is not null
          returning license_pools.id
        ), opened as (
          insert into sessions (id, organization_id, contract_id, pool_id, user_id, reserved_profile_id, client_type, device_id, weight, seats_held, last_heartbeat_at, expires_at)
          select req.id, ${key.organizationId}::uuid, ${key.contractId}::uuid, take.id, req.user_id, req.profile_id, req.client_type, req.device_id, req.weight, req.seats,
                 clock_timestamp(), clock_timestamp() + make_interval(secs => ${pool.heartbeatSeconds}::int)
            from req join cum on cum.ord = req.ord cross join fit cross join take
           where cum.upto <= fit.seats
          returning id, expires_at
        ), audited as (
          ${auditInsertSql(byRow, { organizationId: key.organizationId, action: "session.open", targetType: "session", after }, sql`opened.id::text`, sql`from opened join req on req.id = opened.id`)}
        )
        select id, expires_at as "expiresAt", null::int as room from opened
        union all
        select null, null, (select (locked.lim - locked.sessions_held - coalesce(fit.seats, 0))::int from locked, fit)`);
      type Row = { id: string | null; expiresAt: Date | string | null; room: number | null };
      const rows = rowsOf<Row>(result);
      const opened = new Map(rows.filter((r) => r.id).map((r) => [r.id!, r]));
      // The seats the run left free; null when the pool row was not taken (a reservation, a
      // waiter, the contract): then every open left over goes the lone way, which says why.
      let room = rows.find((r) => !r.id)?.room ?? null;
      const answers: Array<{ id: string; expiresAt: Date } | null> = [];
      for (const [i, r] of requests.entries()) {
        const row = opened.get(r.id);
        if (row) answers.push({ id: row.id!, expiresAt: new Date(row.expiresAt!) });
        // A lighter open behind a heavier one that did not fit: alone, it may fit what is left.
        else if (room === null || r.seats <= room) {
          const alone = await insertTakingSeats(db, items[i]!.key, target, items[i]!.row);
          if (alone && room !== null) room -= r.seats;
          answers.push(alone);
        } else answers.push(null);
      }
      return answers;
    }),
);

async function sessionLimitReached(
  ex: Executor,
  key: ClientKey,
  target: ClientPool,
  open: SessionRow,
  denial: DenialContext,
) {
  // One read says which it was: the contract stopped being in force (rule 21), or the pool is full.
  const [now] = await ex
    .select({
      held: licensePools.sessionsHeld,
      reservations: licensePools.reservations,
      reservedHeld: licensePools.reservedHeld,
      capacity: licensePools.capacity,
      overagePercent: licensePools.overagePercent,
      status: contracts.status,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(licensePools)
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(eq(licensePools.id, target.pool.id));
  if (!isInForce(now!)) return contractInactive(now!, denial);
  const limit = sessionLimit(now!);
  if (now!.reservations) {
    const reservedRefusal = await reservationRefusal(ex, target, { ...now!, limit }, open);
    if (reservedRefusal)
      return refusal("SESSION_LIMIT_REACHED", reservedRefusal.message, reservedRefusal.details, denial);
  }
  return refusal(
    "SESSION_LIMIT_REACHED",
    `All ${limit} ${target.moduleName} licences are in use (${now!.held} in use). Try again when someone closes a session.`,
    { limit, inUse: now!.held },
    denial,
  );
}

/** Takes one API connect of this month's quota (rule 12) with a conditional upsert. */
async function takeApiConnect(tx: Executor, target: ClientPool, denial: DenialContext) {
  const { periodStart, resetsAt } = apiPeriod();
  const limit = apiConnectLimit(target.pool);
  // A capacity decrease holds the pool row FOR UPDATE while it checks and commits the new quota
  // (rule 19): wait for it, so the conditional upsert below reads the quota that committed.
  await tx.execute(sql`select 1 from license_pools where id = ${target.pool.id} for key share`);
  const taken =
    limit < 1
      ? []
      : await tx
          .insert(apiConnectUsage)
          .values({ organizationId: target.pool.organizationId, poolId: target.pool.id, period: periodStart, used: 1 })
          .onConflictDoUpdate({
            target: [apiConnectUsage.poolId, apiConnectUsage.period],
            set: { used: sql`${apiConnectUsage.used} + 1` },
            setWhere: sql`${apiConnectUsage.used} < (select ${apiConnectLimitSql} from ${licensePools} where ${licensePools.id} = ${target.pool.id})`,
          })
          .returning({ used: apiConnectUsage.used });
  if (taken.length) return;
  const [row] = await tx
    .select({ used: apiConnectUsage.used, limit: sql<number>`${apiConnectLimitSql}` })
    .from(licensePools)
    .leftJoin(
      apiConnectUsage,
      and(eq(apiConnectUsage.poolId, licensePools.id), eq(apiConnectUsage.period, periodStart)),
    )
    .where(eq(licensePools.id, target.pool.id));
  const used = Number(row?.used ?? 0);
  const quota = Number(row?.limit ?? limit);
  throw refusal(
    "API_QUOTA_EXHAUSTED",
    `This month's ${quota} API connects for ${target.moduleName} are used up; the quota resets on ${resetsAt.slice(0, 10)}.`,
    { limit: quota, used, resetsAt },
    denial,
  );
}

const endedBecause: Record<EndReason, string> = {
  closed: "This session was closed: open a new one.",
  expired: "This session expired (no heartbeat within its time to live): open a new one.",
  ended_by_admin: "An administrator ended this session: open a new one.",
  contract_inactive: "This session ended because its contract is not in force.",
  seat_revoked: "This session ended because its user no longer holds a licence for this module.",
  idle: "This session was idle longer than the pool's idle timeout, so its licence was given back: open a new one.",
  returned: "This session's borrowed seat was returned: open a new one.",
  borrow_expired: "This session's borrow ran out, so its licence was given back: open a new one.",
  borrow_revoked: "An administrator revoked this session's borrow: open a new one.",
};

/**
 * Keeps a session alive for another TTL, re-checking in the same statement that it is live, its
 * contract is in force (rule 21) and its user still holds their seat (rules 9, 18). Anything else
 * is SESSION_NOT_FOUND with the reason it ended (`expired`, `contract_inactive`, `seat_revoked`…);
 * a session found not live is ended now with that reason.
 */
export async function heartbeatSession(
  db: Database,
  key: ClientKey,
  sessionId: string,
  input: HeartbeatInput = {},
): Promise<OpenedSession> {
  const { idleSeconds = 0 } = parseInput(heartbeatInput, input);
  // The hot path is one round of heartbeats (no BEGIN/COMMIT): the conditional extension,
  // returning what the answer needs. Only a heartbeat that finds its session not live opens a
  // transaction: not live, or idle past the pool's idle timeout already (its deadline passed, so
  // the read-time rule no longer counts it), it ends now, with the reason it ended.
  // Ids come back from the database in lower case: the round's answers are matched on that.
  let reason: EndReason | null = null;
  if (isUuid(sessionId)) {
    const beat = { contractId: key.contractId, sessionId: sessionId.toLowerCase(), idleSeconds };
    const row = await heartbeats(db).run(key.contractId, beat);
    if (row && !(row.idleUntil && new Date(row.idleUntil) <= new Date(row.lastHeartbeatAt))) {
      const { id, module, clientType, weight, heartbeatSeconds } = row;
      return { id, module, clientType, weight, expiresAt: new Date(row.expiresAt), heartbeatSeconds };
    }
    reason = await db.transaction((tx) => endNotLive(tx, key, sessionId));
  }
  const error = new LicensingError(
    "SESSION_NOT_FOUND",
    reason ? endedBecause[reason] : "This session is unknown: open a new one.",
    reason ? { sessionId, reason } : { sessionId },
  );
  await recordDenial(db, key.actor, error, {
    kind: "session",
    organizationId: key.organizationId,
    contractId: key.contractId,
  });
  throw error;
}

type Beat = { contractId: string; sessionId: string; idleSeconds: number };
type Beaten = {
  id: string;
  module: string;
  clientType: string;
  weight: number;
  heartbeatSeconds: number;
  expiresAt: Date | string;
  lastHeartbeatAt: Date | string;
  idleUntil: Date | string | null;
};

/**
 * The heartbeats of one contract arriving together, as ONE statement: each session
 * gets another TTL when it is live, its contract in force (rule 21) and its user still holds their
 * seat (rules 9, 18); a heartbeat whose session is none of these gets null. An idle client's
 * (rule 25) expiry is never later than the end of the pool's idle timeout, so the read-time rule
 * of a missed heartbeat frees its seat then, and ending it records `idle` (session-release.ts);
 * a borrowed session keeps its borrow's end as its expiry, and idleness does not reclaim it.
 * Rounds are per contract, so a contract's row held by a change (a suspension ending its
 * sessions) delays only that contract's heartbeats.
 */
const heartbeats = batchersPer(
  (db: Database) =>
    new Batcher<Beat, Beaten | null>("heartbeats", async (beats) => {
      const { contractId } = beats[0]!;
      // Sorted, so rounds that share sessions tend to lock them alike (a deadlock's rare victim is
      // answered 503, and trying again is safe).
      const idleOf = new Map(beats.map((b) => [b.sessionId, b.idleSeconds]));
      const list = [...idleOf.keys()].sort().map((id) => ({ id, idle: idleOf.get(id) }));
      // statement_timestamp(), not clock_timestamp(), for the idle instants: the same instant in
      // both columns, so `idle_until <= expires_at` says exactly that the idle deadline applies.
      const idle = sql`beat.idle > 0 and sessions.borrowed_until is null`;
      const since = sql`statement_timestamp() - make_interval(secs => beat.idle)`;
      const until = sql`${since} + make_interval(mins => p.idle_timeout_minutes)`;
      const ttl = sql`clock_timestamp() + make_interval(secs => p.heartbeat_seconds)`;
      const result = await db.execute(sql`
        update sessions
           set last_heartbeat_at = clock_timestamp(),
               expires_at = coalesce(sessions.borrowed_until, case when beat.idle > 0 then least(${ttl}, ${until}) else ${ttl} end),
               idle_since = case when ${idle} then ${since} end,
               idle_until = case when ${idle} then ${until} end
          from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as beat(id uuid, idle int), license_pools p, modules m
         where sessions.id = beat.id and sessions.contract_id = ${contractId}::uuid
           and p.id = sessions.pool_id and m.id = p.module_id
           and ${sessionIsLiveAt("sessions", sql`clock_timestamp()`)} and ${contractInForceForTake(contractId)}
           and ${sessionUserHoldsSeatSql("sessions")}
        returning sessions.id, m.key as module, sessions.client_type as "clientType", sessions.weight, p.heartbeat_seconds as "heartbeatSeconds",
                  sessions.expires_at as "expiresAt", sessions.last_heartbeat_at as "lastHeartbeatAt", sessions.idle_until as "idleUntil"`);
      const beaten = new Map(rowsOf<Beaten>(result).map((r) => [r.id, r]));
      return beats.map((b) => beaten.get(b.sessionId) ?? null);
    }),
);

/** Why a session of this contract is not live, ending it now if it was still open; null when unknown. */
async function endNotLive(tx: Tx, key: ClientKey, sessionId: string): Promise<EndReason | null> {
  const [found] = await tx
    .select({
      endReason: sessions.endReason,
      inForce: sql<boolean>`exists (select 1 from contracts where contracts.id = ${key.contractId} and ${contractInForce})`,
    })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.contractId, key.contractId)));
  if (!found) return null;
  if (found.endReason) return found.endReason;
  const [ended] = await endLiveSessions(
    tx,
    sql`s.id = ${sessionId}`,
    found.inForce ? "seat_revoked" : "contract_inactive",
    { actor: systemActor, entry: { organizationId: key.organizationId, action: "session.end", targetType: "session" } },
  );
  return ended?.reason ?? null;
}

/** Ends a session from its client. Idempotent: an already-ended session is fine; an unknown id is SESSION_NOT_FOUND. */
export async function closeSession(db: Database, key: ClientKey, sessionId: string): Promise<{ ended: boolean }> {
  const unknown = () => new LicensingError("SESSION_NOT_FOUND", "This session is unknown.", { sessionId });
  if (!isUuid(sessionId)) throw unknown();
  // One round ends it with the key's other closes, gives their seats back and writes their audit events.
  const closed = await closes(db).run(`${key.contractId} ${actorId(key.actor)}`, {
    key,
    sessionId: sessionId.toLowerCase(),
  });
  if (closed) return { ended: true };
  const [known] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.contractId, key.contractId)));
  if (!known) throw unknown();
  return { ended: false };
}

/** The closes of one key arriving together, as ONE statement: true for each session it ended. */
const closes = batchersPer(
  (db: Database) =>
    new Batcher<{ key: ClientKey; sessionId: string }, boolean>("closes", async (items) => {
      const { key } = items[0]!;
      // Sorted, so rounds that share sessions tend to lock them alike (a deadlock's rare victim is
      // answered 503, and trying again is safe).
      const ids = [...new Set(items.map((i) => i.sessionId))].sort();
      const ended = await endLiveSessions(
        db,
        sql`${ids.length === 1 ? sql`s.id = ${ids[0]}` : sql`s.id = any(${`{${ids.join(",")}}`}::uuid[])`} and s.contract_id = ${key.contractId}`,
        "closed",
        {
          actor: key.actor,
          entry: { organizationId: key.organizationId, action: "session.close", targetType: "session" },
        },
      );
      const endedNow = new Set(ended.map((e) => e.id));
      // A session closed twice in one round is ended by the first close; the second finds it ended.
      return items.map((i) => endedNow.delete(i.sessionId));
    }),
);

/** An administrator ends a stuck session (reason ended_by_admin); its seats return at once. */
export async function endSessionByAdmin(
  db: Database,
  actor: Actor,
  sessionId: string,
  scope?: Scope,
): Promise<{ ended: boolean }> {
  if (!isUuid(sessionId)) throw new LicensingError("NOT_FOUND", "That session was not found.");
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!session) throw new LicensingError("NOT_FOUND", "That session was not found.");
  assertInScope(scope, session.organizationId, "That session");
  const ended = await endLiveSessions(db, sql`s.id = ${sessionId}`, "ended_by_admin", {
    actor,
    entry: {
      organizationId: session.organizationId,
      action: "session.end",
      targetType: "session",
      before: { deviceId: session.deviceId, clientType: session.clientType, weight: session.weight },
    },
  });
  return { ended: ended.length > 0 };
}

/**
 * Periodic cleanup: every session past its heartbeat is recorded as expired, and every session of
 * a contract no longer in force (suspended, expired, or its end date passed while nobody changed
 * it: rule 13) ends with contract_inactive; their seats go back to their pools.
 */
export async function expireStaleSessions(
  db: Database,
): Promise<{ expired: number; contractInactive: number; seatRevoked: number }> {
  const expired = await endLiveSessions(db, sessionMissedHeartbeatAt("s"), "expired");
  const lapsed = await endLiveSessions(
    db,
    sql`s.contract_id in (select c.id from contracts c where ${contractNotInForceAt("c", sql`clock_timestamp()`)})`,
    "contract_inactive",
  );
  // validTo passed at the turn of the day (rule 18): those users' sessions end too.
  const revoked = await endSessionsPastValidTo(db, systemActor);
  return { expired: expired.length, contractInactive: lapsed.length, seatRevoked: revoked.length };
}
