import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { borrows, contracts, licensePools, modules, sessions, users } from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";
import { bare, columnList } from "@/db/sql";
import { borrowInput, type BorrowInput } from "@/lib/validation/licensing";
import { auditInsertSql } from "./audit";
import { assertContractInForce } from "./client-pool";
import { recordingDenials, refusal, type DenialContext } from "./denials";
import { leaseEntitlements } from "./entitlements";
import { LicensingError } from "./errors";
import { isUuid, parseInput, type ClientKey } from "./input";
import { borrowLimit, borrowLimitSql } from "./holdings/borrowed-seats";
import { contractInForceForTake } from "./holdings/contract";
import { sessionIsLiveAt } from "./holdings/session-weights";
import { signBorrowToken } from "./lease-token";
import { endingSession, endLiveSessions, reclaimExpiredSessions } from "./session-release";

// Borrowing (rule 25): a live session of a concurrent pool becomes a borrowed seat for up to the
// pool's maxBorrowHours, answered with a signed lease token the device checks offline. The seat
// keeps counting (sessions_held) until the borrow is returned, revoked or runs out; at most
// borrow_percent % of the capacity is borrowed at once, decided by ONE conditional UPDATE of the
// pool row's `borrowed_held`, like every other take (see sessions/open.ts for why that is exact).

export type BorrowedSeat = {
  id: string;
  sessionId: string;
  module: string;
  hours: number;
  expiresAt: Date;
  leaseToken: string;
  entitlements: string[];
};

/** What a borrow refusal needs to know about the session and its pool. */
type Candidate = {
  sessionId: string;
  poolId: string;
  userId: string | null;
  username: string | null;
  deviceId: string;
  seatsHeld: number;
  isLive: boolean;
  endReason: string | null;
  borrowedUntil: Date | null;
  model: "named" | "concurrent";
  capacity: number;
  maxBorrowHours: number;
  borrowPercent: number;
  borrowedHeld: number;
  moduleKey: string;
  moduleName: string;
};

async function findCandidate(db: Database, key: ClientKey, sessionId: string): Promise<Candidate | undefined> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      poolId: sessions.poolId,
      userId: sessions.userId,
      username: users.username,
      deviceId: sessions.deviceId,
      seatsHeld: sessions.seatsHeld,
      isLive: sql<boolean>`${sessionIsLiveAt(sessions, sql`clock_timestamp()`)}`,
      endReason: sessions.endReason,
      borrowedUntil: sessions.borrowedUntil,
      model: licensePools.model,
      capacity: licensePools.capacity,
      maxBorrowHours: licensePools.maxBorrowHours,
      borrowPercent: licensePools.borrowPercent,
      borrowedHeld: licensePools.borrowedHeld,
      moduleKey: modules.key,
      moduleName: modules.name,
    })
    .from(sessions)
    .innerJoin(licensePools, eq(licensePools.id, sessions.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.contractId, key.contractId)));
  return row;
}

const sessionUnknown = (sessionId: string) =>
  new LicensingError("SESSION_NOT_FOUND", "This session is unknown: open a session before borrowing it.", {
    sessionId,
  });

/** Every refusal that does not depend on the other borrows: thrown before the take, and again to explain a failed one. */
function assertBorrowable(c: Candidate, hours: number) {
  if (c.model === "named")
    throw new LicensingError(
      "BORROW_NOT_ALLOWED",
      `${c.moduleName} is licensed per named user: only seats of concurrent pools can be borrowed.`,
      { module: c.moduleKey },
    );
  if (!c.isLive)
    throw new LicensingError(
      "SESSION_NOT_FOUND",
      "This session has ended, so its seat cannot be borrowed: open a new session first.",
      { sessionId: c.sessionId, reason: c.endReason ?? (c.borrowedUntil ? "borrow_expired" : "expired") },
    );
  if (c.borrowedUntil)
    throw new LicensingError(
      "SESSION_ALREADY_BORROWED",
      `This session is already borrowed until ${c.borrowedUntil.toISOString()}: return it before borrowing again.`,
      { sessionId: c.sessionId, expiresAt: c.borrowedUntil.toISOString() },
    );
  if (c.maxBorrowHours === 0)
    throw new LicensingError("BORROW_NOT_ALLOWED", `Borrowing is turned off for ${c.moduleName}.`, {
      module: c.moduleKey,
    });
  if (hours > c.maxBorrowHours)
    throw new LicensingError(
      "VALUE_OUT_OF_RANGE",
      `hours: ${c.moduleName} seats may be borrowed for at most ${c.maxBorrowHours} hours.`,
      { field: "hours", min: 1, max: c.maxBorrowHours },
    );
}

/**
 * Borrows a live session's seat for `hours` (rule 25). One statement locks the session (live, not
 * borrowed), takes its seats in the pool's `borrowed_held` under the borrow limit (re-checking the
 * contract in force and maxBorrowHours on the newest pool row), turns the session's expiry into
 * the borrow's end, inserts the borrow and writes `borrow.create`; an empty answer changed nothing.
 */
export async function borrowSession(
  db: Database,
  key: ClientKey,
  sessionId: string,
  input: BorrowInput,
): Promise<BorrowedSeat> {
  const { hours } = parseInput(borrowInput, input);
  if (!isUuid(sessionId)) throw sessionUnknown(sessionId);
  const denial: DenialContext = { kind: "session", organizationId: key.organizationId, contractId: key.contractId };
  return recordingDenials(db, key.actor, async () => {
    const candidate = await findCandidate(db, key, sessionId);
    if (!candidate) throw sessionUnknown(sessionId);
    assertBorrowable(candidate, hours);
    Object.assign(denial, {
      poolId: candidate.poolId,
      userId: candidate.userId,
      username: candidate.username,
      deviceId: candidate.deviceId,
    });

    const lend = () => lendSeat(db, key, candidate, hours);
    const lent =
      (await lend()) ?? ((await reclaimExpiredSessions(db, candidate.poolId)) > 0 ? await lend() : undefined);
    if (!lent) {
      // Say why: the session or the pool changed meanwhile, the contract stopped, or the limit.
      const now = await findCandidate(db, key, sessionId);
      if (!now) throw sessionUnknown(sessionId);
      assertBorrowable(now, hours);
      await assertContractInForce(db, key, denial);
      const limit = borrowLimit(now);
      throw refusal(
        "BORROW_LIMIT_REACHED",
        `At most ${limit} of ${now.capacity} ${now.moduleName} seats (${now.borrowPercent}%) may be borrowed at once, and ${now.borrowedHeld} are borrowed. Try again when a borrowed seat is returned.`,
        { limit, borrowed: now.borrowedHeld },
        denial,
      );
    }
    const leaseToken = await signBorrowToken({
      contractId: key.contractId,
      module: candidate.moduleKey,
      deviceId: candidate.deviceId,
      username: candidate.username,
      borrowId: lent.id,
      sessionId,
      expiresAt: lent.expiresAt,
      entitlements: lent.entitlements,
    });
    return { ...lent, sessionId, module: candidate.moduleKey, hours, leaseToken };
  });
}

const ls = alias(sessions, "s");
const lp = alias(licensePools, "p");

/** The borrow as one statement (see borrowSession); undefined when it took nothing. */
async function lendSeat(db: Database, key: ClientKey, c: Candidate, hours: number) {
  // Never past the contract's end: the lease must not outlive the licence (least() skips a null end).
  const until = sql`least(statement_timestamp() + make_interval(hours => ${hours}::int), (select ${contracts.endsAt} from ${contracts} where ${contracts.id} = ${key.contractId}::uuid))`;
  // The CTEs' own columns (candidate.pool_id, lent.borrowed_until…) are this statement's names.
  const result = await db.execute(sql`
    with candidate as (
      -- FOR UPDATE: a racing borrow of the same session waits here and then finds it borrowed.
      select ${ls.id} as id, ${ls.poolId} as pool_id, ${ls.seatsHeld} as seats_held from ${sessions} ${ls}
       where ${ls.id} = ${c.sessionId}::uuid and ${ls.contractId} = ${key.contractId}::uuid
         and ${sessionIsLiveAt(ls, sql`clock_timestamp()`)} and ${ls.borrowedUntil} is null
       for update
    ), take as (
      -- The conditional take: re-evaluated on the newest pool row after waiting for a racing one.
      update ${licensePools} ${lp} set ${bare(licensePools.borrowedHeld)} = ${lp.borrowedHeld} + candidate.seats_held
        from candidate
       where ${lp.id} = candidate.pool_id and ${lp.model} = 'concurrent' and ${lp.maxBorrowHours} >= ${hours}::int
         and ${lp.borrowedHeld} + candidate.seats_held <= ${borrowLimitSql(lp)}
         and ${contractInForceForTake(key.contractId)}
      returning ${lp.id} as id
    ), lent as (
      update ${sessions} set ${bare(sessions.borrowedUntil)} = ${until}, ${bare(sessions.expiresAt)} = ${until},
             ${bare(sessions.idleSince)} = null, ${bare(sessions.idleUntil)} = null
        from take where ${sessions.id} = ${c.sessionId}::uuid
      returning ${sessions.id} as id, ${sessions.borrowedUntil} as borrowed_until
    ), borrowed as (
      insert into ${borrows} ${columnList(borrows.organizationId, borrows.contractId, borrows.poolId, borrows.sessionId, borrows.hours, borrows.expiresAt)}
      select ${key.organizationId}::uuid, ${key.contractId}::uuid, ${c.poolId}::uuid, lent.id, ${hours}::int, lent.borrowed_until
        from lent
      returning ${borrows.id} as id, ${borrows.expiresAt} as expires_at
    ), audited as (
      ${auditInsertSql(
        key.actor,
        {
          organizationId: key.organizationId,
          action: "borrow.create",
          targetType: "session",
          after: sql`jsonb_build_object('borrowId', borrowed.id, 'hours', ${hours}::int, 'expiresAt', borrowed.expires_at, 'deviceId', ${c.deviceId}::text, 'username', ${c.username}::text)`,
        },
        sql`${c.sessionId}::text`,
        sql`from borrowed`,
      )}
    )
    select id, expires_at as "expiresAt" from borrowed`);
  const [row] = rowsOf<{ id: string; expiresAt: Date | string }>(result);
  if (!row) return undefined;
  return {
    id: row.id,
    expiresAt: new Date(row.expiresAt),
    entitlements: await leaseEntitlements(db, key.contractId, c.userId),
  };
}

/**
 * The device gives its borrowed seat back (rule 25): its session ends as `returned` and the seat
 * is free at once. Idempotent like closing a session; a borrow of another contract is unknown.
 */
export async function returnBorrow(db: Database, key: ClientKey, borrowId: string): Promise<{ returned: boolean }> {
  const unknown = () => new LicensingError("BORROW_NOT_FOUND", "This borrow is unknown.", { borrowId });
  if (!isUuid(borrowId)) throw unknown();
  const ended = await endLiveSessions(
    db,
    sql`${endingSession.id} = (select ${borrows.sessionId} from ${borrows} where ${borrows.id} = ${borrowId}::uuid and ${borrows.contractId} = ${key.contractId}::uuid)`,
    "returned",
    {
      actor: key.actor,
      entry: {
        organizationId: key.organizationId,
        action: "borrow.return",
        targetType: "session",
        before: { borrowId },
      },
    },
  );
  if (ended.length) return { returned: true };
  const [known] = await db
    .select({ id: borrows.id })
    .from(borrows)
    .where(and(eq(borrows.id, borrowId), eq(borrows.contractId, key.contractId)));
  if (!known) throw unknown();
  return { returned: false };
}
