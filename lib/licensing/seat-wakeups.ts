import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

// Waking the opens waiting in line (rule 25). Within an instance a freed seat calls the pool's
// listeners at once; across PostgreSQL instances `pg_notify` on SEAT_FREED_CHANNEL (sent in the
// statement that freed the seat, so it is delivered on commit) reaches lib/runtime/seat-listener.ts,
// which calls the same listeners. Waiters also look again every second, so a lost notice only
// delays them.

export const SEAT_FREED_CHANNEL = "seatkeeper_seat_freed";

type Waiter = { seq: number; wake: () => void };
const waiters = new Map<string, Waiter[]>();

/**
 * Registers this instance's waiter `seq` of a pool; `wake` is called when a seat of the pool may
 * have become free and this waiter is the first of the pool's waiters here (later ones could not
 * take it before it anyway). Returns the unsubscribe.
 */
export function onSeatFreed(poolId: string, seq: number, wake: () => void): () => void {
  const line = waiters.get(poolId) ?? [];
  const me = { seq, wake };
  line.push(me);
  line.sort((a, b) => a.seq - b.seq);
  waiters.set(poolId, line);
  return () => {
    const i = line.indexOf(me);
    if (i >= 0) line.splice(i, 1);
    if (line.length === 0) waiters.delete(poolId);
  };
}

/** Whether `seq` is the first of the pool's waiters in this instance. */
export const isFirstHere = (poolId: string, seq: number) => waiters.get(poolId)?.[0]?.seq === seq;

/** Wakes the first of this instance's waiters of these pools. */
export function seatFreed(poolIds: Iterable<string>) {
  for (const id of new Set(poolIds)) waiters.get(id)?.[0]?.wake();
}

/** Wakes every instance's waiters of a pool (this one at once, the others through PostgreSQL). */
export async function announceSeatFreed(ex: Executor, poolId: string) {
  seatFreed([poolId]);
  await ex.execute(sql`select pg_notify(${SEAT_FREED_CHANNEL}, ${poolId})`);
}
