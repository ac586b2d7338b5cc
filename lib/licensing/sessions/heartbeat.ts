import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { contracts, licensePools, modules, sessions } from "@/db/schema";
import { rowsOf, type Database, type Tx } from "@/db/client";
import { bare } from "@/db/sql";
import { heartbeatInput, type HeartbeatInput } from "@/lib/validation/licensing";
import { Batcher, batchersPer } from "@/lib/runtime/batch";
import { systemActor } from "../actor";
import { recordDenial } from "../denials";
import { LicensingError } from "../errors";
import { isUuid, parseInput, type ClientKey } from "../input";
import { contractInForce, contractInForceForTake } from "../holdings/contract";
import { sessionUserHoldsSeatSql } from "../holdings/named-seats";
import { sessionIsLiveAt } from "../holdings/session-weights";
import { endingSession, endLiveSessions, type EndReason } from "../session-release";
import { endedBecause } from "./refusals";
import type { OpenedSession } from "./open";

/**
 * Keeps a session alive for another TTL, re-checking in the same statement that it is live, its
 * contract is in force (rule 21) and its user still holds their seat (rules 9, 18). Anything else
 * is SESSION_NOT_FOUND with the reason it ended (`expired`, `contract_inactive`, `seat_revoked`…);
 * a session found not live is ended now with that reason.
 */
export async function heartbeatSession(
  db: Database,
  key: ClientKey,
  sessionId: string,
  input: HeartbeatInput = {},
): Promise<OpenedSession> {
  const { idleSeconds = 0 } = parseInput(heartbeatInput, input);
  // The hot path is one round of heartbeats (no BEGIN/COMMIT): the conditional extension,
  // returning what the answer needs. Only a heartbeat that finds its session not live opens a
  // transaction: not live, or idle past the pool's idle timeout already (its deadline passed, so
  // the read-time rule no longer counts it), it ends now, with the reason it ended.
  // Ids come back from the database in lower case: the round's answers are matched on that.
  let reason: EndReason | null = null;
  if (isUuid(sessionId)) {
    const beat = { contractId: key.contractId, sessionId: sessionId.toLowerCase(), idleSeconds };
    const row = await heartbeats(db).run(key.contractId, beat);
    if (row && !(row.idleUntil && new Date(row.idleUntil) <= new Date(row.lastHeartbeatAt))) {
      const { id, module, clientType, weight, heartbeatSeconds } = row;
      return { id, module, clientType, weight, expiresAt: new Date(row.expiresAt), heartbeatSeconds };
    }
    reason = await db.transaction((tx) => endNotLive(tx, key, sessionId));
  }
  const error = new LicensingError(
    "SESSION_NOT_FOUND",
    reason ? endedBecause[reason] : "This session is unknown: open a new one.",
    reason ? { sessionId, reason } : { sessionId },
  );
  await recordDenial(db, key.actor, error, {
    kind: "session",
    organizationId: key.organizationId,
    contractId: key.contractId,
  });
  throw error;
}

type Beat = { contractId: string; sessionId: string; idleSeconds: number };
type Beaten = {
  id: string;
  module: string;
  clientType: string;
  weight: number;
  heartbeatSeconds: number;
  expiresAt: Date | string;
  lastHeartbeatAt: Date | string;
  idleUntil: Date | string | null;
};

/**
 * The heartbeats of one contract arriving together, as ONE statement: each session
 * gets another TTL when it is live, its contract in force (rule 21) and its user still holds their
 * seat (rules 9, 18); a heartbeat whose session is none of these gets null. An idle client's
 * (rule 25) expiry is never later than the end of the pool's idle timeout, so the read-time rule
 * of a missed heartbeat frees its seat then, and ending it records `idle` (session-release.ts);
 * a borrowed session keeps its borrow's end as its expiry, and idleness does not reclaim it.
 * Rounds are per contract, so a contract's row held by a change (a suspension ending its
 * sessions) delays only that contract's heartbeats.
 */
const p = alias(licensePools, "p");
const m = alias(modules, "m");

const heartbeats = batchersPer(
  (db: Database) =>
    new Batcher<Beat, Beaten | null>("heartbeats", async (beats) => {
      const { contractId } = beats[0]!;
      // Sorted, so rounds that share sessions tend to lock them alike (a deadlock's rare victim is
      // answered 503, and trying again is safe).
      const idleOf = new Map(beats.map((b) => [b.sessionId, b.idleSeconds]));
      const list = [...idleOf.keys()].sort().map((id) => ({ id, idle: idleOf.get(id) }));
      // statement_timestamp(), not clock_timestamp(), for the idle instants: the same instant in
      // both columns, so `idle_until <= expires_at` says exactly that the idle deadline applies.
      // `beat` is this statement's list (id, idle seconds); every other name is the schema's.
      const idle = sql`beat.idle > 0 and ${sessions.borrowedUntil} is null`;
      const since = sql`statement_timestamp() - make_interval(secs => beat.idle)`;
      const until = sql`${since} + make_interval(mins => ${p.idleTimeoutMinutes})`;
      const ttl = sql`clock_timestamp() + make_interval(secs => ${p.heartbeatSeconds})`;
      const result = await db.execute(sql`
        update ${sessions}
           set ${bare(sessions.lastHeartbeatAt)} = clock_timestamp(),
               ${bare(sessions.expiresAt)} = coalesce(${sessions.borrowedUntil}, case when beat.idle > 0 then least(${ttl}, ${until}) else ${ttl} end),
               ${bare(sessions.idleSince)} = case when ${idle} then ${since} end,
               ${bare(sessions.idleUntil)} = case when ${idle} then ${until} end
          from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as beat(id uuid, idle int), ${licensePools} ${p}, ${modules} ${m}
         where ${sessions.id} = beat.id and ${sessions.contractId} = ${contractId}::uuid
           and ${p.id} = ${sessions.poolId} and ${m.id} = ${p.moduleId}
           and ${sessionIsLiveAt(sessions, sql`clock_timestamp()`)} and ${contractInForceForTake(contractId)}
           and ${sessionUserHoldsSeatSql(sessions)}
        returning ${sessions.id} as id, ${m.key} as module, ${sessions.clientType} as "clientType", ${sessions.weight} as weight,
                  ${p.heartbeatSeconds} as "heartbeatSeconds", ${sessions.expiresAt} as "expiresAt",
                  ${sessions.lastHeartbeatAt} as "lastHeartbeatAt", ${sessions.idleUntil} as "idleUntil"`);
      const beaten = new Map(rowsOf<Beaten>(result).map((r) => [r.id, r]));
      return beats.map((b) => beaten.get(b.sessionId) ?? null);
    }),
);

/** Why a session of this contract is not live, ending it now if it was still open; null when unknown. */
async function endNotLive(tx: Tx, key: ClientKey, sessionId: string): Promise<EndReason | null> {
  const [found] = await tx
    .select({
      endReason: sessions.endReason,
      // A condition object, not a bare column: drizzle writes the columns of a one-table select list
      // unqualified, and this one sits in a subquery.
      inForce: sql<boolean>`exists (select 1 from ${contracts} where ${eq(contracts.id, key.contractId)} and ${contractInForce})`,
    })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.contractId, key.contractId)));
  if (!found) return null;
  if (found.endReason) return found.endReason;
  const [ended] = await endLiveSessions(
    tx,
    eq(endingSession.id, sessionId),
    found.inForce ? "seat_revoked" : "contract_inactive",
    { actor: systemActor, entry: { organizationId: key.organizationId, action: "session.end", targetType: "session" } },
  );
  return ended?.reason ?? null;
}
