import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { sessions, users } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { Actor } from "./actor";
import type { SetAuditEntry } from "./audit";
import { sessionUserHoldsSeatSql, validToMayBePastSql } from "./holdings/named-seats";
import { endingSession as s, endLiveSessions, type EndedSession } from "./session-release";

const ls = alias(sessions, "ls");
const lu = alias(users, "lu");

// Rule 18: losing a seat ends what it held. Every change that can take a seat away from a user
// (deactivation, revoked credentials, validTo moved into the past or passing, a profile without
// the module, a profile losing it or deleted, the user deleted, bulk variants) calls this in its
// own transaction: the user's live sessions on the pools they no longer hold end with reason
// `seat_revoked`, each with its audit event, in one statement.

const revokedEvent = (actor: Actor): { actor: Actor; entry: SetAuditEntry } => ({
  actor,
  entry: { organizationId: sql`ended.organization_id`, action: "session.seatRevoked", targetType: "session" },
});

/** Ends the live sessions whose named user no longer holds a seat in their pool's module. */
export function endSessionsWithoutSeat(
  ex: Executor,
  actor: Actor,
  organizationId: string | null,
): Promise<EndedSession[]> {
  const inOrganization = organizationId ? sql`${s.organizationId} = ${organizationId} and ` : sql``;
  return withoutSeatAmong(ex, actor, sql`${inOrganization}${s.userId} is not null`);
}

/**
 * The periodic sweep's part (rule 18): validTo passing at the turn of the day is the one loss of a
 * seat that no change's transaction ends, so only the live sessions of users whose validTo may
 * be past are re-checked — found first as one list, not the seat of every live session.
 */
export function endSessionsPastValidTo(ex: Executor, actor: Actor): Promise<EndedSession[]> {
  return withoutSeatAmong(
    ex,
    actor,
    sql`${s.id} = any(array(select ${ls.id} from ${sessions} ${ls} join ${users} ${lu} on ${lu.id} = ${ls.userId}
      where ${ls.endedAt} is null and ${validToMayBePastSql(lu)}))`,
  );
}

/** Ends the live sessions `among` (a condition on `s`) whose named user no longer holds their seat. */
function withoutSeatAmong(ex: Executor, actor: Actor, among: SQL): Promise<EndedSession[]> {
  return endLiveSessions(ex, sql`${among} and not ${sessionUserHoldsSeatSql(s)}`, "seat_revoked", revokedEvent(actor));
}

/** Ends every live session of these users (before deleting them). */
export function endSessionsOfUsers(ex: Executor, actor: Actor, userIds: SQL): Promise<EndedSession[]> {
  return endLiveSessions(ex, sql`${s.userId} in (${userIds})`, "seat_revoked", revokedEvent(actor));
}
