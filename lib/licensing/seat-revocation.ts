import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { Actor } from "./actor";
import { sessionUserHoldsSeatSql } from "./holdings/named-seats";
import { endLiveSessions, type EndedSession } from "./session-release";

// Rule 18: losing a seat ends what it held. Every change that can take a seat away from a user
// (deactivation, revoked credentials, validTo moved into the past or passing, a profile without
// the module, a profile losing it or deleted, the user deleted, bulk variants) calls this in its
// own transaction: the user's live sessions on the pools they no longer hold end with reason
// `seat_revoked`, each with its audit event, in one statement.

const revokedEvent = (actor: Actor) => ({
  actor,
  entry: { organizationId: sql`ended.organization_id`, action: "session.seatRevoked", targetType: "session" },
});

/** Ends the live sessions (`among` them, a condition on `s`) whose named user no longer holds a seat in their pool's module. */
export function endSessionsWithoutSeat(
  ex: Executor,
  actor: Actor,
  organizationId: string | null,
  among: SQL = sql`s.user_id is not null`,
): Promise<EndedSession[]> {
  const inOrganization = organizationId ? sql`s.organization_id = ${organizationId} and ` : sql``;
  return endLiveSessions(
    ex,
    sql`${inOrganization}${among} and not ${sessionUserHoldsSeatSql("s")}`,
    "seat_revoked",
    revokedEvent(actor),
  );
}

/** Ends every live session of these users (before deleting them). */
export function endSessionsOfUsers(ex: Executor, actor: Actor, users: SQL): Promise<EndedSession[]> {
  return endLiveSessions(ex, sql`s.user_id in (${users})`, "seat_revoked", revokedEvent(actor));
}
