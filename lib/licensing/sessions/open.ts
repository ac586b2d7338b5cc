import "server-only";
import type { Database, Executor } from "@/db/client";
import { sessionOpenInput, type SessionOpenInput } from "@/lib/validation/licensing";
import { checkClientUser, findClientPool } from "../client-pool";
import { neverServable, waitInLine, type QueuedOpen } from "../session-queue";
import { recordingDenials, refusal, type DenialContext } from "../denials";
import { isLicensingError } from "../errors";
import { parseInput, type ClientKey } from "../input";
import { reclaimExpiredSessions } from "../session-release";
import { notYet, sessionLimitReached } from "./refusals";
import { takeApiConnect } from "./api-connect";
import { insertTakingSeats, type SessionRow } from "./take-seats";
import { takes } from "./open-round";

// How seats stay exact under any number of racing requests (SPEC rule 15), on PostgreSQL and
// PGlite alike, without SERIALIZABLE retries:
// - A pool row carries `sessions_held`. Opening takes seats with ONE conditional statement,
//   `UPDATE license_pools SET sessions_held = sessions_held + w WHERE id = $pool AND
//   sessions_held + w <= <limit> RETURNING`. At READ COMMITTED PostgreSQL re-checks the WHERE
//   on the newest row version after waiting for a racing writer, so the counter can never pass
//   the limit; an empty RETURNING means "full". The session row and its audit event are
//   inserted by the same statement from that RETURNING, so a refused take writes nothing.
// - The counter may still include sessions that missed their heartbeat. Before refusing, those
//   are reclaimed (ended as `expired`, their seats_held subtracted in the same statement) and
//   the take is retried once, so an expired session stops counting at once (rule 8).
// - Ending a session is `UPDATE sessions … WHERE ended_at IS NULL RETURNING seats_held`, then the
//   counter goes down by exactly what was returned: racing enders release a session once.
// - API connects: `INSERT … ON CONFLICT DO UPDATE SET used = used + 1 WHERE used < limit
//   RETURNING`, in the same transaction as the seat, so both are taken or neither (rule 12).
// - Under load these statements go in rounds (lib/runtime/batch.ts): the opens of a pool that
//   arrive while its statement is in flight are granted by the next one together, under the pool
//   row's lock (`takes`, open-round.ts); heartbeats and closes likewise. A lone request runs as above.
// - Reports never read the counters: they recompute from rows (see usage.ts).

export type OpenedSession = {
  id: string;
  module: string;
  clientType: string;
  weight: number;
  expiresAt: Date;
  heartbeatSeconds: number;
  /** How long the open waited in line (rule 25), when it asked to wait and did. */
  waitedMs?: number;
};

/** Opens a session for a licensed application (rules 6–9, 12, 13). */
export async function openSession(
  db: Database,
  key: ClientKey,
  input: SessionOpenInput,
  options: { signal?: AbortSignal } = {},
): Promise<OpenedSession> {
  const s = parseInput(sessionOpenInput, input);
  const denial: DenialContext = {
    kind: "session",
    organizationId: key.organizationId,
    contractId: key.contractId,
    username: s.username ?? null,
    deviceId: s.deviceId,
    clientType: s.clientType,
  };
  return recordingDenials(db, key.actor, async () => {
    const target = await findClientPool(db, key, s.module, denial);
    const { pool } = target;
    const user = s.username ? await checkClientUser(db, key, s.username, target, denial) : null;

    // The seat is already a named user's (rule 9): on a named pool the session takes nothing more.
    if (pool.model === "named" && !user)
      throw refusal(
        "USER_NOT_FOUND",
        `${target.moduleName} is licensed per named user: give the username.`,
        {},
        denial,
      );
    const open: SessionRow = {
      ...s,
      seatsHeld: pool.model === "named" ? 0 : s.weight,
      userId: user?.id ?? null,
      username: user?.username ?? null,
      profileId: user?.profileId ?? null,
    };

    const acquire = async (ex: Executor, queued?: QueuedOpen) => {
      // An API client's connect and its seat are taken together or not at all (rule 12): in one transaction.
      if (s.clientType === "api") await takeApiConnect(ex, target, { ...denial, kind: "api_connect" });
      // Opens outside a transaction, not waiting in line, on a pool without reservations go in
      // rounds: what arrives while the pool's take is in flight is granted together.
      const alone = ex !== db || queued || open.seatsHeld === 0 || pool.reservations;
      const opened =
        (alone
          ? await insertTakingSeats(ex, key, target, open, queued)
          : await takes(db).run(pool.id, { key, target, row: open })) ??
        ((await reclaimExpiredSessions(ex, pool.id)) > 0
          ? await insertTakingSeats(ex, key, target, open, queued)
          : null);
      // A waiter's failed look needs no sentence: its refusal, if any, is written when its time is up.
      if (!opened) throw queued ? notYet() : await sessionLimitReached(ex, key, target, open, denial);
      return opened;
    };
    const attempt = (queued?: QueuedOpen) =>
      s.clientType === "api" ? db.transaction((tx) => acquire(tx, queued)) : acquire(db, queued);
    let waitedMs: number | undefined;
    let opened: { id: string; expiresAt: Date };
    try {
      opened = await attempt();
    } catch (e) {
      // Rule 25: with `wait`, a full pool puts the open in line instead of refusing it now.
      if (!s.wait || !isLicensingError(e) || e.code !== "SESSION_LIMIT_REACHED" || open.seatsHeld === 0) throw e;
      const impossible = neverServable(target, open);
      if (impossible) throw refusal("SESSION_LIMIT_REACHED", impossible.message, impossible.details, denial);
      const served = await waitInLine(db, key, target, open, s.wait, e, attempt, denial, options.signal);
      opened = served.opened;
      waitedMs = served.waitedMs;
    }
    return {
      id: opened.id,
      module: target.moduleKey,
      clientType: s.clientType,
      weight: s.weight,
      expiresAt: opened.expiresAt,
      heartbeatSeconds: pool.heartbeatSeconds,
      ...(waitedMs === undefined ? {} : { waitedMs }),
    };
  });
}
