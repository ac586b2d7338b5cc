import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { licensePools, sessionEndReason, sessions } from "@/db/schema";
import { rowsOf, type Executor } from "@/db/client";
import { bare } from "@/db/sql";
import { systemActor, type Actor } from "./actor";
import { auditInsertInto, auditSelectSql, type SetAuditEntry } from "./audit";
import { releasingPool as p, reservedHeldAfterReleaseSql } from "./holdings/reservations";
import { sessionMissedHeartbeatAt } from "./holdings/session-weights";
import { SEAT_FREED_CHANNEL, seatFreed } from "./seat-wakeups";

export type EndReason = (typeof sessionEndReason.enumValues)[number];

/**
 * Ends the live sessions matching `where` and gives their seats back to their pools, in one
 * statement. `ended_at IS NULL` is re-checked on the newest row version, so a session racing
 * two enders is released exactly once. Sessions past their heartbeat are recorded as `expired`
 * (or `idle`, past their idle deadline, or `borrow_expired`, past their borrow) at their expiry time
 * whatever the asked reason, each with a `session.expire` (`session.idle`, `borrow.expire`) event by
 * `system` (rule 24); the rest get `reason` and, with `audit`, that event — all in the same statement.
 * Returns the ended sessions.
 */
/**
 * The sessions endLiveSessions works on, as `s`: its `where` is a condition over this alias
 * (`eq(endingSession.id, id)`).
 */
export const endingSession = alias(sessions, "s");

export async function endLiveSessions(
  ex: Executor,
  where: SQL,
  reason: EndReason,
  audit?: { actor: Actor; entry: SetAuditEntry },
): Promise<EndedSession[]> {
  // Every event of the statement goes into audit_events by ONE insert (each insert of a statement
  // opens the table and its indexes): `system`'s for the sessions found past a deadline, and the
  // caller's for the rest.
  const missedEvents = auditSelectSql(
    systemActor,
    {
      organizationId: sql`ended.organization_id`,
      action: sql`case ended.end_reason when 'expired' then 'session.expire' when 'idle' then 'session.idle' else 'borrow.expire' end`,
      targetType: "session",
    },
    sql`ended.id::text`,
    sql`from ended where ended.end_reason in ('expired', 'idle', 'borrow_expired')`,
  );
  const callerEvents = audit
    ? sql` union all ${auditSelectSql(audit.actor, audit.entry, sql`ended.id::text`, sql`from ended where ended.end_reason not in ('expired', 'idle', 'borrow_expired')`)}`
    : sql``;
  const missed = sessionMissedHeartbeatAt(endingSession);
  const s = endingSession;
  // Idle reclaim (rule 25) shortens expires_at to idle_until, and a borrow sets it to the borrow's
  // end, so a session past either is "missed" by the same read-time rule; the reason tells which.
  const missedReason = sql`case when ${s.borrowedUntil} is not null then 'borrow_expired'::session_end_reason
    when ${s.idleUntil} is not null and ${s.idleUntil} <= ${s.expiresAt} then 'idle'::session_end_reason else 'expired'::session_end_reason end`;
  // The CTEs' own columns (ended.pool_id, freed.seats…) are this statement's names, not the tables'.
  const result = await ex.execute(sql`
    with ended as (
      update ${sessions} ${s}
         set ${bare(sessions.endedAt)} = case when ${missed} then ${s.expiresAt} else clock_timestamp() end,
             ${bare(sessions.endReason)} = case when ${missed} then ${missedReason} else ${reason}::session_end_reason end
       where ${s.endedAt} is null and (${where})
       returning ${s.id} as id, ${s.poolId} as pool_id, ${s.seatsHeld} as seats_held, ${s.organizationId} as organization_id,
                 ${s.endReason} as end_reason, ${s.reservedProfileId} as reserved_profile_id, ${s.borrowedUntil} as borrowed_until
    ), by_profile as (
      select pool_id, reserved_profile_id::text as profile, sum(seats_held)::int as seats,
             coalesce(sum(seats_held) filter (where borrowed_until is not null), 0)::int as borrowed
        from ended group by 1, 2
    ), freed as (
      select pool_id, sum(seats)::int as seats, sum(borrowed)::int as borrowed,
             jsonb_object_agg(profile, seats) filter (where profile is not null and seats > 0) as by_profile
        from by_profile group by pool_id
    ), released as (
      update ${licensePools} ${p}
         set ${bare(licensePools.sessionsHeld)} = ${p.sessionsHeld} - freed.seats,
             ${bare(licensePools.borrowedHeld)} = ${p.borrowedHeld} - freed.borrowed,
             ${bare(licensePools.reservedHeld)} = ${reservedHeldAfterReleaseSql}
        from freed
       where ${p.id} = freed.pool_id and freed.seats > 0
      returning ${p.id} as id, ${p.waiters} as waiters
    ), notified as (
      select pg_notify(${SEAT_FREED_CHANNEL}, id::text) from released where waiters > 0
    ), events as (${auditInsertInto} ${missedEvents}${callerEvents})
    select ended.id, ended.pool_id as "poolId", ended.seats_held as "seatsHeld", ended.end_reason as "reason",
           (select count(*) from released) as released, (select count(*) from notified) as notified,
           ended.pool_id in (select id from released where waiters > 0) as "poolHasWaiters"
      from ended`);
  const rows = rowsOf<EndedSession & { poolHasWaiters: boolean }>(result);
  // Waiters in line here (rule 25) look again now; other instances hear the notice on commit.
  seatFreed(rows.filter((r) => r.poolHasWaiters).map((r) => r.poolId));
  return rows.map((r) => ({
    id: r.id,
    poolId: r.poolId,
    seatsHeld: Number(r.seatsHeld),
    reason: r.reason,
  }));
}

export type EndedSession = { id: string; poolId: string; seatsHeld: number; reason: EndReason };

/** Reclaims the expired sessions of one pool (rule 8); returns the seats given back. */
export async function reclaimExpiredSessions(ex: Executor, poolId: string): Promise<number> {
  const ended = await endLiveSessions(
    ex,
    and(eq(endingSession.poolId, poolId), sessionMissedHeartbeatAt(endingSession))!,
    "expired",
  );
  return ended.reduce((sum, s) => sum + s.seatsHeld, 0);
}
