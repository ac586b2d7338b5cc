import "server-only";
import { sql } from "drizzle-orm";
import { jobLeader } from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";

/** The job leader's lease row (db/schema.ts jobLeader). */
export const LEADER_LEASE = "jobs";

/**
 * How a background job writes: inside `run`, under the leadership it started with. On PostgreSQL
 * that is a transaction that first finds the lease still at the job's generation and unexpired,
 * and keeps a KEY SHARE lock on it: a takeover (which raises the generation) waits for the
 * transaction to end, and a job whose leader was replaced meanwhile writes nothing.
 */
export type Fence = {
  generation: number | null;
  run: <T>(db: Database, work: (tx: Database) => Promise<T>) => Promise<T>;
};

/** A former leader's write, refused: another instance holds the lease at a newer generation. */
export class FencedOutError extends Error {
  constructor(readonly generation: number) {
    super(`Refused: this instance's leadership (generation ${generation}) has passed to another instance.`);
  }
}

/** The embedded database has one process, which is always its own leader: nothing to check. */
export const unfenced: Fence = { generation: null, run: (db, work) => work(db) };

export function leaseFence(generation: number, leaseMs: number): Fence {
  return {
    generation,
    run: (db, work) =>
      db.transaction(async (tx) => {
        // A leader frozen inside this transaction would hold the lock that a takeover waits for:
        // PostgreSQL ends such a session once it has been idle for a lease.
        await tx.execute(sql`select set_config('idle_in_transaction_session_timeout', ${String(leaseMs)}, true)`);
        const held = rowsOf<{ generation: string }>(
          await tx.execute(sql`
            select ${jobLeader.generation} as generation from ${jobLeader}
             where ${jobLeader.name} = ${LEADER_LEASE} and ${jobLeader.generation} = ${generation}
               and ${jobLeader.expiresAt} > clock_timestamp()
             for key share`),
        );
        if (held.length === 0) throw new FencedOutError(generation);
        return work(tx);
      }),
  };
}
