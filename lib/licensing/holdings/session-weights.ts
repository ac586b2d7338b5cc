import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ColumnsOf } from "@/db/sql";
import { seatLimit, seatLimitSql } from "./named-seats";

// Concurrent pools (rules 6, 8), written once. A live session holds `seats_held` (its weight on a
// concurrent pool, 0 on a named one) while it is not ended and its heartbeat expiry is ahead, so a
// missed heartbeat stops counting at once. The limit is the pool's seat limit.

type SessionEnd = ColumnsOf<typeof sessions, "endedAt" | "expiresAt">;

/** A session is live at `at` (a condition over `sessions` or an alias of it). */
export function sessionIsLiveAt(t: SessionEnd = sessions, at: SQL = sql`now()`): SQL {
  return sql`(${t.endedAt} is null and ${t.expiresAt} > ${at})`;
}

export const sessionIsLive: SQL = sessionIsLiveAt();

/** A session still open in the table but past its heartbeat: counted by nothing, ended as expired. */
export function sessionMissedHeartbeatAt(t: SessionEnd = sessions, at: SQL = sql`clock_timestamp()`): SQL {
  return sql`(${t.endedAt} is null and ${t.expiresAt} <= ${at})`;
}

export const sessionLimit = seatLimit;
export const sessionLimitSql = seatLimitSql;

/** The weights held by the live sessions of these pools, poolId → seats. */
export async function liveSessionWeights(ex: Executor, poolIds: string[], at: SQL = sql`now()`) {
  if (poolIds.length === 0) return new Map<string, number>();
  const rows = await ex
    .select({ poolId: sessions.poolId, held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int` })
    .from(sessions)
    .where(and(inArray(sessions.poolId, poolIds), sessionIsLiveAt(sessions, at)))
    .groupBy(sessions.poolId);
  return new Map(rows.map((r) => [r.poolId, Number(r.held)]));
}

/** The live sessions holding seats of one pool, oldest first, for "who holds it" lists. */
export async function sessionHolders(ex: Executor, poolId: string, limit = 10) {
  const list = await ex
    .select({ id: sessions.id, deviceId: sessions.deviceId, username: users.username, weight: sessions.weight })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.poolId, poolId),
        sql`${sessions.seatsHeld} > 0`,
        sessionIsLiveAt(sessions, sql`clock_timestamp()`),
      ),
    )
    .orderBy(asc(sessions.startedAt))
    .limit(limit);
  return list.map((s) => ({
    id: s.id,
    label: `${s.username ?? "anonymous"} on ${s.deviceId}${s.weight > 1 ? ` (weight ${s.weight})` : ""}`,
  }));
}
