import "server-only";
import type postgres from "postgres";
import { SEAT_FREED_CHANNEL, seatFreed } from "@/lib/licensing/seat-wakeups";

/**
 * Hears on PostgreSQL that a seat of a pool with waiters was freed on any instance, and wakes this
 * instance's first waiter of that pool (rule 25). A notice lost while reconnecting only delays the
 * waiters until their next look (every second).
 */
export async function listenForFreedSeats(client: postgres.Sql): Promise<() => Promise<void>> {
  const listening = await client.listen(SEAT_FREED_CHANNEL, (poolId) => seatFreed([poolId]));
  return () => listening.unlisten();
}
