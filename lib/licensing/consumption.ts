import "server-only";
import { and, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { deviceActivations, profileModules, sessions, users } from "@/db/schema";
import type { Executor } from "@/db/client";
import { leaseGraceInterval } from "./limits";

// SPEC §2 rule 1, written once. A user consumes one seat in a module's named pool exactly when
// they are active, their credentials are issued, validTo is empty or not in the past (UTC day),
// and their profile grants the module. Every count, check and report goes through here.

/** Today's date in UTC, as the database sees it. */
export const todayUtc = sql`(now() at time zone 'utc')::date`;

/** The user half of rule 1: a condition over `users`. */
export const userMayHoldSeat: SQL = and(
  eq(users.status, "active"),
  eq(users.credentials, "issued"),
  or(isNull(users.validTo), sql`${users.validTo} >= ${todayUtc}`),
)!;

/**
 * Rule 8 for reports: a session counts while it is open and its heartbeat is within its TTL, so a
 * missed heartbeat stops counting at once, before the sweeper records it as expired.
 */
export const sessionIsLive: SQL = and(isNull(sessions.endedAt), gt(sessions.expiresAt, sql`now()`))!;

/** Rule 10 for reports: an activation counts until it is released or its lease lapsed beyond the grace. */
export const activationIsLive: SQL = and(
  isNull(deviceActivations.endedAt),
  gt(deviceActivations.leaseExpiresAt, sql`now() - ${leaseGraceInterval}`),
)!;

/** Join condition over users × profile_modules: the user's profile grants that module. */
export const profileGrantsModule: SQL = eq(profileModules.profileId, users.profileId);

export type SeatCount = { organizationId: string; moduleId: string; seats: number };

/**
 * Seats consumed per organization and module (rule 1), in one set-based query.
 * `subject` narrows the users counted (e.g. the users a change touches).
 */
export async function countSeats(
  ex: Executor,
  filter: { organizationId?: string; organizationIds?: string[]; moduleIds?: string[]; subject?: SQL },
): Promise<SeatCount[]> {
  const conditions: (SQL | undefined)[] = [userMayHoldSeat, filter.subject];
  if (filter.organizationId) conditions.push(eq(users.organizationId, filter.organizationId));
  if (filter.organizationIds) {
    if (filter.organizationIds.length === 0) return [];
    conditions.push(inArray(users.organizationId, filter.organizationIds));
  }
  if (filter.moduleIds) {
    if (filter.moduleIds.length === 0) return [];
    conditions.push(inArray(profileModules.moduleId, filter.moduleIds));
  }
  const rows = await ex
    .select({
      organizationId: users.organizationId,
      moduleId: profileModules.moduleId,
      seats: sql<number>`count(*)::int`,
    })
    .from(users)
    .innerJoin(profileModules, profileGrantsModule)
    .where(and(...conditions))
    .groupBy(users.organizationId, profileModules.moduleId);
  return rows.map((r) => ({ ...r, seats: Number(r.seats) }));
}

/** Seats per module of one organization, as a map moduleId → seats. */
export async function seatsByModule(ex: Executor, organizationId: string, moduleIds?: string[], subject?: SQL) {
  const rows = await countSeats(ex, { organizationId, moduleIds, subject });
  return new Map(rows.map((r) => [r.moduleId, r.seats]));
}

/** The users holding a seat in a module (rule 1), for "who holds seats" lists. */
export async function seatHolders(ex: Executor, organizationId: string, moduleId: string, limit = 10) {
  return ex
    .select({ id: users.id, username: users.username })
    .from(users)
    .innerJoin(profileModules, and(profileGrantsModule, eq(profileModules.moduleId, moduleId)))
    .where(and(eq(users.organizationId, organizationId), userMayHoldSeat))
    .orderBy(users.username)
    .limit(limit);
}
