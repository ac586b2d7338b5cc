import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import type { Actor } from "./actor";
import { auditInsertSql, type AuditEntry } from "./audit";
import { sessionMissedHeartbeatAt } from "./holdings/session-weights";

type EndReason = "closed" | "expired" | "ended_by_admin" | "contract_inactive";

/**
 * Ends the live sessions matching `where` and gives their seats back to their pools, in one
 * statement. `ended_at IS NULL` is re-checked on the newest row version, so a session racing
 * two enders is released exactly once. Expired sessions (past their heartbeat) are recorded as
 * `expired` at their expiry time whatever the asked reason, and the rest get `reason`.
 * With `audit`, each ended session gets that audit event in the same statement. Returns the ended
 * sessions' ids.
 */
export async function endLiveSessions(
  ex: Executor,
  where: SQL,
  reason: EndReason,
  audit?: { actor: Actor; entry: Omit<AuditEntry, "targetId"> },
): Promise<{ id: string; poolId: string; seatsHeld: number }[]> {
  const audited = audit
    ? sql`, audited as (${auditInsertSql(audit.actor, audit.entry, sql`ended.id::text`, sql`from ended`)})`
    : sql``;
  const missed = sessionMissedHeartbeatAt("s");
  const result = await ex.execute(sql`
    with ended as (
      update sessions s
         set ended_at = case when ${missed} then s.expires_at else clock_timestamp() end,
             end_reason = case when ${missed} then 'expired'::session_end_reason else ${reason}::session_end_reason end
       where s.ended_at is null and (${where})
       returning s.id, s.pool_id, s.seats_held
    ), freed as (
      select pool_id, sum(seats_held)::int as seats from ended group by pool_id
    ), released as (
      update license_pools p
         set sessions_held = p.sessions_held - freed.seats
        from freed
       where p.id = freed.pool_id and freed.seats > 0
      returning p.id
    )${audited}
    select ended.id, ended.pool_id as "poolId", ended.seats_held as "seatsHeld", (select count(*) from released) as released
      from ended`);
  return rowsOf<{ id: string; poolId: string; seatsHeld: number }>(result).map((r) => ({
    id: r.id,
    poolId: r.poolId,
    seatsHeld: Number(r.seatsHeld),
  }));
}

/** Reclaims the expired sessions of one pool (rule 8); returns the seats given back. */
export async function reclaimExpiredSessions(ex: Executor, poolId: string): Promise<number> {
  const ended = await endLiveSessions(ex, sql`s.pool_id = ${poolId} and ${sessionMissedHeartbeatAt("s")}`, "expired");
  return ended.reduce((sum, s) => sum + s.seatsHeld, 0);
}
