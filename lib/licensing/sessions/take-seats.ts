import "server-only";
import { sql } from "drizzle-orm";
import { licensePools, sessions, sessionWaiters } from "@/db/schema";
import { rowsOf, type Executor } from "@/db/client";
import { bare, columnList } from "@/db/sql";
import { auditInsertSql } from "../audit";
import type { ClientPool } from "../client-pool";
import { firstInLineSql, noOneInLineSql, type QueuedOpen } from "../session-queue";
import type { ClientKey } from "../input";
import { contractInForceForTake } from "../holdings/contract";
import { sessionLimitSql } from "../holdings/session-weights";
import { reservedHeldAfterTakeSql, unusedReservedForOthersSql, withinProfileMaxSql } from "../holdings/reservations";

export type SessionRow = {
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
export async function insertTakingSeats(
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
  const line = queued ? sql`, ${bare(licensePools.waiters)} = greatest(${licensePools.waiters} - 1, 0)` : sql``;
  const turn = queued ? firstInLineSql(queued.seq) : noOneInLineSql;
  // Reservations (rule 25) are read from the pool row in the same WHERE; without any they add no
  // statement, and their subqueries over a null list find nothing.
  const take =
    row.seatsHeld > 0
      ? sql`update ${licensePools} set ${bare(licensePools.sessionsHeld)} = ${licensePools.sessionsHeld} + ${row.seatsHeld}, ${bare(licensePools.reservedHeld)} = ${reservedHeldAfterTakeSql(row.profileId, row.seatsHeld)}${line}
             where ${licensePools.id} = ${pool.id} and ${licensePools.sessionsHeld} + ${row.seatsHeld} + ${unusedReservedForOthersSql(row.profileId)} <= ${sessionLimitSql}
               and ${withinProfileMaxSql(row.profileId, row.seatsHeld)} and ${turn} and ${inForce} returning ${licensePools.id} as id`
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
      insert into ${sessions} ${columnList(sessions.organizationId, sessions.contractId, sessions.poolId, sessions.userId, sessions.reservedProfileId, sessions.clientType, sessions.deviceId, sessions.weight, sessions.seatsHeld, sessions.lastHeartbeatAt, sessions.expiresAt, sessions.queueSeq, sessions.waitedMs)}
      select ${key.organizationId}::uuid, ${key.contractId}::uuid, take.id, ${row.userId}::uuid, ${row.profileId}::uuid, ${row.clientType}::client_type, ${row.deviceId}::text, ${row.weight}::int, ${row.seatsHeld}::int,
             clock_timestamp(), clock_timestamp() + make_interval(secs => ${pool.heartbeatSeconds}::int), ${queued?.seq ?? null}::bigint, ${queued ? sql`(extract(epoch from clock_timestamp() - ${queued.enqueuedAt.toISOString()}::timestamptz) * 1000)::int` : null}
        from take
      returning ${sessions.id} as id, ${sessions.expiresAt} as expires_at
    ),${queued ? sql` dequeued as (delete from ${sessionWaiters} where ${sessionWaiters.id} = ${queued.waiterId} and exists (select 1 from take) returning ${sessionWaiters.id}),` : sql``} audited as (
      ${auditInsertSql(key.actor, { organizationId: key.organizationId, action: "session.open", targetType: "session", after }, sql`opened.id::text`, sql`from opened`)}
    )
    select id, expires_at as "expiresAt"${queued ? sql`, (select count(*) from dequeued) as dequeued` : sql``} from opened`);
  const [opened] = rowsOf<{ id: string; expiresAt: Date | string }>(result);
  return opened ? { id: opened.id, expiresAt: new Date(opened.expiresAt) } : null;
}
