import "server-only";
import postgres from "postgres";
import { getDb, postgresClient, postgresOptions } from "@/db/client";
import { env } from "@/lib/env";
import { startBackgroundJobs } from "./jobs";
import { electLeader, soleLeader } from "./leader";
import { startLiveness } from "./liveness";
import { errorFields, log } from "./log";
import { listenForRevocations } from "./revocation-listener";
import { listenForFreedSeats } from "./seat-listener";

/**
 * What a running instance does besides answering requests: on PostgreSQL it takes part in the
 * job leader election and listens for revocations; the jobs run on the leader only. The
 * embedded database has one process, which runs them itself. `stop` hands leadership over.
 */
export async function startInstanceRuntime(): Promise<{ stop: () => Promise<void> }> {
  const config = env();
  const pool = postgresClient();
  // LISTEN and the leader's session lock need real sessions: behind a transaction-mode pooler,
  // DATABASE_SESSION_URL reaches PostgreSQL directly.
  const sessionUrl = config.DATABASE_SESSION_URL ?? config.DATABASE_URL;
  const listener =
    pool && config.DATABASE_SESSION_URL ? postgres(sessionUrl!, { ...postgresOptions(config), max: 1 }) : pool;
  const leadership = pool
    ? electLeader(sessionUrl!, postgresOptions(config), config.SEATKEEPER_LEADER_CHECK_MS)
    : soleLeader;
  const stopLiveness = pool ? startLiveness(getDb()) : async () => {};
  const stopJobs = startBackgroundJobs(getDb(), leadership);
  let stopListening = async () => {};
  if (listener) {
    const stopRevocations = await listenForRevocations(listener).catch((e: unknown) => {
      log.error(errorFields(e), "could not listen for revocations; remembered keys expire after 5 s instead");
      return async () => {};
    });
    const stopSeats = await listenForFreedSeats(listener).catch((e: unknown) => {
      log.error(errorFields(e), "could not listen for freed seats; waiters look again every second instead");
      return async () => {};
    });
    stopListening = async () => {
      await Promise.all([stopRevocations(), stopSeats()]);
    };
  }
  return {
    async stop() {
      stopJobs();
      await Promise.all([leadership.stop(), stopListening().catch(() => undefined), stopLiveness()]);
      if (listener !== pool) await listener?.end({ timeout: 1 });
    },
  };
}
