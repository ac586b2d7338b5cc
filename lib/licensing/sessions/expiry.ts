import "server-only";
import { sql } from "drizzle-orm";
import { contracts } from "@/db/schema";
import type { Database } from "@/db/client";
import { systemActor } from "../actor";
import { endSessionsPastValidTo } from "../seat-revocation";
import { contractNotInForceAt } from "../holdings/contract";
import { sessionMissedHeartbeatAt } from "../holdings/session-weights";
import { endingSession as s, endLiveSessions } from "../session-release";

/**
 * Periodic cleanup: every session past its heartbeat is recorded as expired, and every session of
 * a contract no longer in force (suspended, expired, or its end date passed while nobody changed
 * it: rule 13) ends with contract_inactive; their seats go back to their pools.
 */
export async function expireStaleSessions(
  db: Database,
): Promise<{ expired: number; contractInactive: number; seatRevoked: number }> {
  const expired = await endLiveSessions(db, sessionMissedHeartbeatAt(s), "expired");
  const lapsed = await endLiveSessions(
    db,
    sql`${s.contractId} in (select ${contracts.id} from ${contracts} where ${contractNotInForceAt(contracts, sql`clock_timestamp()`)})`,
    "contract_inactive",
  );
  // validTo passed at the turn of the day (rule 18): those users' sessions end too.
  const revoked = await endSessionsPastValidTo(db, systemActor);
  return { expired: expired.length, contractInactive: lapsed.length, seatRevoked: revoked.length };
}
