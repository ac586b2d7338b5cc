import "server-only";
import { getDb, postgresClient, postgresOptions } from "@/db/client";
import { env } from "@/lib/env";
import { startBackgroundJobs } from "./jobs";
import { electLeader, soleLeader } from "./leader";
import { errorFields, log } from "./log";
import { listenForRevocations } from "./revocation-listener";

/**
 * What a running instance does besides answering requests: on PostgreSQL it takes part in the
 * job leader election and listens for revocations; the jobs run on the leader only. The
 * embedded database has one process, which runs them itself. `stop` hands leadership over.
 */
export async function startInstanceRuntime(): Promise<{ stop: () => Promise<void> }> {
  const config = env();
  const client = postgresClient();
  const leadership = client
    ? electLeader(config.DATABASE_URL!, postgresOptions(config), config.SEATKEEPER_LEADER_CHECK_MS)
    : soleLeader;
  const stopJobs = startBackgroundJobs(getDb(), leadership);
  let stopListening = async () => {};
  if (client) {
    stopListening = await listenForRevocations(client).catch((e: unknown) => {
      log.error(errorFields(e), "could not listen for revocations; remembered keys expire after 5 s instead");
      return async () => {};
    });
  }
  return {
    async stop() {
      stopJobs();
      await Promise.all([leadership.stop(), stopListening().catch(() => undefined)]);
    },
  };
}
