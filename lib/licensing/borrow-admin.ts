import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { borrows, licensePools, modules, sessions, users } from "@/db/schema";
import type { Database, Executor } from "@/db/client";
import type { Actor } from "./actor";
import { LicensingError } from "./errors";
import { assertInScope, isUuid, type Scope } from "./input";
import { sessionBorrowedAt } from "./holdings/borrowed-seats";
import { endingSession, endLiveSessions } from "./session-release";

// What administrators see and do about borrowed seats (rule 25): the organization's borrows, live
// first, and revoking one, which ends its session as `borrow_revoked` and frees the seat at once.

export type BorrowListItem = {
  id: string;
  sessionId: string;
  contractId: string;
  module: string;
  moduleName: string;
  deviceId: string;
  username: string | null;
  hours: number;
  startedAt: Date;
  expiresAt: Date;
  /** live while its session is and the borrow has not run out (read-time rule). */
  isLive: boolean;
  endedAt: Date | null;
  endReason: string | null;
};

const listColumns = {
  id: borrows.id,
  sessionId: borrows.sessionId,
  contractId: borrows.contractId,
  module: modules.key,
  moduleName: modules.name,
  deviceId: sessions.deviceId,
  username: users.username,
  hours: borrows.hours,
  startedAt: borrows.startedAt,
  expiresAt: borrows.expiresAt,
  isLive: sql<boolean>`${sessionBorrowedAt(sessions, sql`clock_timestamp()`)}`,
  endedAt: sessions.endedAt,
  endReason: sessions.endReason,
};

function selectBorrows(ex: Executor, where: SQL | undefined) {
  return ex
    .select(listColumns)
    .from(borrows)
    .innerJoin(sessions, eq(sessions.id, borrows.sessionId))
    .innerJoin(licensePools, eq(licensePools.id, borrows.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(where);
}

/** An organization's borrows, newest first: only the live ones unless `all`. */
export async function listBorrows(
  db: Database,
  organizationId: string,
  options: { all?: boolean; limit?: number } = {},
): Promise<BorrowListItem[]> {
  const live = options.all ? undefined : sessionBorrowedAt(sessions, sql`clock_timestamp()`);
  const rows = await selectBorrows(db, and(eq(borrows.organizationId, organizationId), live))
    .orderBy(desc(borrows.startedAt))
    .limit(options.limit ?? 500);
  return rows.map(present);
}

const present = (r: BorrowListItem): BorrowListItem => ({
  ...r,
  isLive: Boolean(r.isLive),
  // A borrow that ran out and was not swept yet has ended by the read-time rule.
  endReason: r.endReason ?? (r.isLive ? null : "borrow_expired"),
  endedAt: r.endedAt ?? (r.isLive ? null : r.expiresAt),
});

/** An administrator revokes a borrow: its session ends as `borrow_revoked` and its seat is free at once. */
export async function revokeBorrow(
  db: Database,
  actor: Actor,
  borrowId: string,
  scope: Scope,
): Promise<{ revoked: boolean; borrow: BorrowListItem }> {
  const notFound = () => new LicensingError("BORROW_NOT_FOUND", "That borrow was not found.", { borrowId });
  if (!isUuid(borrowId)) throw notFound();
  const [found] = await db.select().from(borrows).where(eq(borrows.id, borrowId));
  if (!found) throw notFound();
  assertInScope(scope, found.organizationId, "That borrow");
  const ended = await endLiveSessions(db, eq(endingSession.id, found.sessionId), "borrow_revoked", {
    actor,
    entry: {
      organizationId: found.organizationId,
      action: "borrow.revoke",
      targetType: "session",
      before: { borrowId, expiresAt: found.expiresAt.toISOString() },
    },
  });
  const [borrow] = await selectBorrows(db, eq(borrows.id, borrowId));
  return { revoked: ended.some((e) => e.reason === "borrow_revoked"), borrow: present(borrow!) };
}
