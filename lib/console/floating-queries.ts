import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instanceLeases, licensePools, modules, sessions, sessionWaiters } from "@/db/schema";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { IDLE_NOTICE_MINUTES } from "./floating-notice";

// What the live views show of rule 25 per concurrent pool, written once for the dashboard and
// the sessions page: who waits in line (and since when), which sessions are idle, and the seats
// that idle sessions past the pool's idle timeout still hold in the counter until the next read
// frees them (their expiry is capped at the end of the timeout, so they no longer count as live).

export type PoolFloating = {
  /** Opens waiting in line for a seat now. */
  queueLength: number;
  /** How long the first in line has waited, ms (0 when nobody waits). */
  longestWaitMs: number;
  /** Live sessions idle longer than IDLE_NOTICE_MINUTES, and idle ones past the pool's timeout not yet freed. */
  idleSessions: number;
  /** Seats held by idle sessions past the pool's idle timeout: the next read of the pool frees them. */
  reclaimableSeats: number;
};

export const noFloating: PoolFloating = { queueLength: 0, longestWaitMs: 0, idleSessions: 0, reclaimableSeats: 0 };

const pastIdleTimeout = sql`${sessions.idleUntil} <= now()`;
const idleNoticed = sql`(${pastIdleTimeout} or (${sessions.expiresAt} > now() and ${sessions.idleSince} <= now() - make_interval(mins => ${IDLE_NOTICE_MINUTES})))`;

/**
 * Aggregates over an organization's sessions not ended yet, grouped by pool (read on the partial
 * index of unended sessions by organization): live sessions, idle ones and the reclaimable seats.
 * The dashboard's live-session count is this same aggregate, so idleness costs it no query.
 */
export const unendedSessionFigures = {
  live: sql<number>`count(*) filter (where ${sessionIsLive})::int`,
  idle: sql<number>`count(*) filter (where ${idleNoticed})::int`,
  reclaimable: sql<number>`coalesce(sum(${sessions.seatsHeld}) filter (where ${pastIdleTimeout}), 0)::int`,
};

/** The organization's unended sessions per pool (optionally one pool): live, idle, reclaimable. */
export async function sessionFiguresByPool(db: Database, organizationId: string, poolId?: string) {
  const rows = await db
    .select({ poolId: sessions.poolId, ...unendedSessionFigures })
    .from(sessions)
    .where(
      and(
        eq(sessions.organizationId, organizationId),
        isNull(sessions.endedAt),
        poolId ? eq(sessions.poolId, poolId) : undefined,
      ),
    )
    .groupBy(sessions.poolId);
  return new Map(
    rows.map((r) => [r.poolId, { live: Number(r.live), idle: Number(r.idle), reclaimable: Number(r.reclaimable) }]),
  );
}

/**
 * Who waits in line per pool of the organization: one aggregate over session_waiters, read by its
 * (pool, seq) index for the organization's pools. A waiter counts while its deadline is ahead and
 * its instance's liveness lease holds (a crashed instance's rows stop counting within a lease).
 */
export async function queueByPool(db: Database, organizationId: string, poolId?: string) {
  const rows = await db
    .select({
      poolId: sessionWaiters.poolId,
      waiting: sql<number>`count(*)::int`,
      longestWaitMs: sql<number>`greatest(0, floor(extract(epoch from now() - min(${sessionWaiters.enqueuedAt})) * 1000))::int`,
    })
    .from(sessionWaiters)
    .where(
      and(
        poolId
          ? eq(sessionWaiters.poolId, poolId)
          : sql`${sessionWaiters.poolId} in (select ${licensePools.id} from ${licensePools} where ${licensePools.organizationId} = ${organizationId})`,
        eq(sessionWaiters.organizationId, organizationId),
        sql`${sessionWaiters.deadline} > now() and (${sessionWaiters.instanceId} is null or exists (select 1 from ${instanceLeases} where ${instanceLeases.id} = ${sessionWaiters.instanceId} and ${instanceLeases.expiresAt} > now()))`,
      ),
    )
    .groupBy(sessionWaiters.poolId);
  return new Map(rows.map((r) => [r.poolId, { waiting: Number(r.waiting), longestWaitMs: Number(r.longestWaitMs) }]));
}

/** A pool's figures from the two aggregates. */
export function floatingOf(
  poolId: string,
  figures: Awaited<ReturnType<typeof sessionFiguresByPool>>,
  queue: Awaited<ReturnType<typeof queueByPool>>,
): PoolFloating {
  const f = figures.get(poolId);
  const q = queue.get(poolId);
  return {
    queueLength: q?.waiting ?? 0,
    longestWaitMs: q?.longestWaitMs ?? 0,
    idleSessions: f?.idle ?? 0,
    reclaimableSeats: f?.reclaimable ?? 0,
  };
}

export type FloatingPoolRow = PoolFloating & {
  poolId: string;
  moduleName: string;
  idleTimeoutMinutes: number | null;
};

/**
 * Every concurrent pool of the organization (or the one filtered to) with its queue, idle
 * sessions and reclaimable seats, for the sessions page: three queries run together.
 */
export async function floatingActivity(
  db: Database,
  organizationId: string,
  poolId?: string,
): Promise<FloatingPoolRow[]> {
  const [pools, figures, queue] = await Promise.all([
    db
      .select({
        poolId: licensePools.id,
        moduleName: modules.name,
        idleTimeoutMinutes: licensePools.idleTimeoutMinutes,
      })
      .from(licensePools)
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(
        and(
          eq(licensePools.organizationId, organizationId),
          eq(licensePools.model, "concurrent"),
          poolId ? eq(licensePools.id, poolId) : undefined,
        ),
      )
      .orderBy(asc(modules.name), asc(licensePools.createdAt)),
    sessionFiguresByPool(db, organizationId, poolId),
    queueByPool(db, organizationId, poolId),
  ]);
  return pools.map((p) => ({ ...p, ...floatingOf(p.poolId, figures, queue) }));
}
