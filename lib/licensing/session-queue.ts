import "server-only";
import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { instanceLeases, licensePools, sessionWaiters } from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";
import { bare, columnList } from "@/db/sql";
import { refusal, type DenialContext } from "./denials";
import { isLicensingError, type LicensingError } from "./errors";
import type { ClientPool } from "./client-pool";
import type { ClientKey } from "./input";
import { sessionLimit } from "./holdings/session-weights";
import { liveInstanceId } from "@/lib/runtime/liveness";
import { announceSeatFreed, isFirstHere, onSeatFreed } from "./seat-wakeups";

// The line for a full concurrent pool (rule 25). An open with `wait` that finds the pool full
// becomes a session_waiters row; its `seq` (an identity, so the order the database saw them
// arrive) decides who gets a freed seat: the take statement itself checks that no live waiter
// has a smaller seq, and removes the waiter in the same statement. While anyone waits, opens
// without `wait` find no seat (the pool row's `waiters` says so without a look at the queue when
// it is 0). A waiter looks again when a seat of its pool frees (seat-wakeups.ts) and at least
// every second; when its time is up or its client disconnects it leaves the line at once.

/** The waiters the line's conditions read, as `w`: they sit inside statements over `license_pools`. */
const w = alias(sessionWaiters, "w");

export type QueuedOpen = { waiterId: string; seq: number; enqueuedAt: Date };

const POLL_MS = 1_000;

/**
 * A waiter `w` still in line: its deadline ahead, and its instance alive (its liveness lease,
 * lib/runtime/liveness.ts, unexpired): a crashed instance's waiters stop counting within a lease.
 */
const liveWaiterSql = sql`${w.deadline} > clock_timestamp() and (${w.instanceId} is null or exists (select 1 from ${instanceLeases} where ${instanceLeases.id} = ${w.instanceId} and ${instanceLeases.expiresAt} > clock_timestamp()))`;

/** No live waiter ahead: the take of an open without `wait`. */
export const noOneInLineSql = sql`(${licensePools.waiters} = 0 or not exists (select 1 from ${sessionWaiters} ${w} where ${w.poolId} = ${licensePools.id} and ${liveWaiterSql}))`;

/** The waiter `seq` is first in line. */
export const firstInLineSql = (seq: number) =>
  sql`(select min(${w.seq}) from ${sessionWaiters} ${w} where ${w.poolId} = ${licensePools.id} and ${liveWaiterSql}) = ${seq}::bigint`;

/**
 * Why waiting could never serve this open, or null when a seat may free up for it: its weight is
 * above the pool's limit, above its profile's cap, or above what the reservations for other
 * profiles leave it even when no one else holds a seat. Such an open is refused at once: in line
 * it would only keep everyone behind it from being served.
 */
export function neverServable(
  target: ClientPool,
  open: { profileId: string | null; seatsHeld: number },
): { message: string; details: Record<string, unknown> } | null {
  const limit = sessionLimit(target.pool);
  const reservations = target.pool.reservations ?? [];
  const own = reservations.find((r) => r.profileId === open.profileId);
  const keptForOthers = reservations
    .filter((r) => r.profileId !== open.profileId)
    .reduce((sum, r) => sum + r.reserved, 0);
  const mostEver = Math.min(limit - keptForOthers, own?.max ?? Infinity);
  if (open.seatsHeld <= mostEver) return null;
  return {
    message: `A session of weight ${open.seatsHeld} can never open on ${target.moduleName}: at most ${Math.max(mostEver, 0)} of its ${limit} licences can ever be free for it, so it was not put in line.`,
    details: { limit, weight: open.seatsHeld, mostEver: Math.max(mostEver, 0) },
  };
}

/**
 * Waits in line for a seat of a full pool, up to `waitSeconds`: the served session and how long
 * it waited, or the usual SESSION_LIMIT_REACHED marked `queued` (one denial) when the time is up
 * or the client went away.
 */
export async function waitInLine<T>(
  db: Database,
  key: ClientKey,
  target: ClientPool,
  open: { deviceId: string; username: string | null },
  waitSeconds: number,
  firstRefusal: LicensingError,
  attempt: (queued: QueuedOpen) => Promise<T>,
  denial: DenialContext,
  signal?: AbortSignal,
): Promise<{ opened: T; waitedMs: number }> {
  const poolId = target.pool.id;
  const started = Date.now();
  const deadline = started + waitSeconds * 1000;
  let served = false;
  let woken = false;
  let wake = () => {
    woken = true;
  };
  const queued = signal?.aborted ? null : await enqueue(db, key, poolId, open, waitSeconds);
  const unsubscribe = queued ? onSeatFreed(poolId, queued.seq, () => wake()) : () => {};
  try {
    while (queued) {
      woken = false;
      try {
        const opened = await attempt(queued);
        served = true;
        // More seats may be free: the next in line looks too.
        await announceSeatFreed(db, poolId);
        return { opened, waitedMs: Date.now() - started };
      } catch (e) {
        if (!isLicensingError(e) || e.code !== "SESSION_LIMIT_REACHED") throw e;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal?.aborted) break;
      // The first waiter here also looks every second (a notice lost, a seat freed by expiry);
      // the others sleep until they are first or their time is up.
      const sleep = isFirstHere(poolId, queued.seq) ? Math.min(remaining, POLL_MS) : remaining;
      if (!woken) await nextLook(sleep, signal, (w) => (wake = w));
      wake = () => {
        woken = true;
      };
    }
  } finally {
    unsubscribe();
    if (queued && !served) await leave(db, queued.waiterId, poolId);
  }
  const last = firstRefusal;
  const waitedMs = Date.now() - started;
  throw refusal(
    "SESSION_LIMIT_REACHED",
    `${last.message} (Waited ${(waitedMs / 1000).toFixed(1)} s in line.)`,
    { ...last.details, queued: true, waitedMs },
    denial,
  );
}

/** Resolves after `ms`, on a wake-up of the pool, or when the client disconnects. */
function nextLook(ms: number, signal: AbortSignal | undefined, setWake: (wake: () => void) => void) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
    setWake(done);
  });
}

/** Joins the line: the waiter row and the pool's waiter count, in one statement. */
async function enqueue(
  db: Database,
  key: ClientKey,
  poolId: string,
  open: { deviceId: string; username: string | null },
  waitSeconds: number,
): Promise<QueuedOpen> {
  const result = await db.execute(sql`
    with joined as (
      insert into ${sessionWaiters} ${columnList(sessionWaiters.organizationId, sessionWaiters.poolId, sessionWaiters.deviceId, sessionWaiters.username, sessionWaiters.enqueuedAt, sessionWaiters.deadline, sessionWaiters.instanceId)}
      values (${key.organizationId}, ${poolId}, ${open.deviceId}, ${open.username}, clock_timestamp(), clock_timestamp() + make_interval(secs => ${waitSeconds}::int), ${liveInstanceId()}::uuid)
      returning ${sessionWaiters.id} as id, ${sessionWaiters.seq} as seq, ${sessionWaiters.enqueuedAt} as enqueued_at
    ), counted as (
      update ${licensePools} set ${bare(licensePools.waiters)} = ${licensePools.waiters} + 1 where ${licensePools.id} = ${poolId} returning ${licensePools.id}
    )
    select joined.id, joined.seq, joined.enqueued_at as "enqueuedAt", (select count(*) from counted) as counted from joined`);
  const [row] = rowsOf<{ id: string; seq: number | string; enqueuedAt: Date | string }>(result);
  return { waiterId: row!.id, seq: Number(row!.seq), enqueuedAt: new Date(row!.enqueuedAt) };
}

/** Leaves the line (time up, client gone); the next in line looks at once. */
async function leave(db: Database, waiterId: string, poolId: string) {
  await db.execute(sql`
    with gone as (delete from ${sessionWaiters} where ${sessionWaiters.id} = ${waiterId} returning ${sessionWaiters.poolId} as pool_id)
    update ${licensePools} set ${bare(licensePools.waiters)} = greatest(${licensePools.waiters} - 1, 0) where ${licensePools.id} in (select pool_id from gone)`);
  await announceSeatFreed(db, poolId);
}
