import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { licensePools, organizations, profileModules, sessions, users } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ColumnsOf } from "@/db/sql";

// Named pools (rule 1), written once. A user consumes one seat in a module's named pool of a
// contract in force exactly when they are active, their credentials are issued, validTo is empty
// or not before today in the organization's time zone (inclusive, rule 20), and their profile
// grants the module. The limit is capacity plus overage, floored.

/** The columns of `users`, or of an alias of it, that the user half of rule 1 reads. */
type UserColumns = ColumnsOf<typeof users, "validTo" | "organizationId" | "status" | "credentials">;

/** validTo is inclusive: the user is valid through that whole day in the organization's zone. */
export function validToNotPastSql(t: UserColumns = users): SQL {
  // Every zone's date is within a day of UTC's, so only validTo of yesterday or today (UTC) needs the
  // organization's zone: the other rows are decided without reading organizations.
  return sql`(${t.validTo} is null or ${t.validTo} > (now() at time zone 'utc')::date
    or (${t.validTo} >= (now() at time zone 'utc')::date - 1
        and ${t.validTo} >= (select (now() at time zone ${organizations.timeZone})::date from ${organizations} where ${organizations.id} = ${t.organizationId})))`;
}

/**
 * Users whose validTo may be past in their organization's zone (today in UTC or earlier: every
 * zone's date is within a day of UTC's); validToNotPastSql decides. Served by users_valid_to_idx.
 */
export function validToMayBePastSql(t: UserColumns = users): SQL {
  return sql`(${t.validTo} is not null and ${t.validTo} <= (now() at time zone 'utc')::date)`;
}

/** The user half of rule 1: a condition over `users` (or an alias of it). */
export function userHoldsSeatSql(t: UserColumns = users): SQL {
  return sql`(${t.status} = 'active' and ${t.credentials} = 'issued' and ${validToNotPastSql(t)})`;
}

export const userMayHoldSeat: SQL = userHoldsSeatSql();

/** Join condition over users × profile_modules: the user's profile grants that module. */
export const profileGrantsModule: SQL = eq(profileModules.profileId, users.profileId);

/**
 * users.seat_granted_at for an UPDATE of users that applies `change`, written in the same statement
 * (SET reads the row as it was): kept when the user already had rule 1's user half and keeps their
 * profile, else now(). So activating, issuing credentials, making validTo current again or giving a
 * profile grants anew, and an edit of anything else keeps the time.
 */
export function seatGrantedAtOnChange(change: { profileId?: string | null }): SQL {
  const keepsProfile =
    change.profileId === undefined ? sql`true` : sql`${users.profileId} is not distinct from ${change.profileId}::uuid`;
  return sql`case when ${userMayHoldSeat} and ${keepsProfile} then ${users.seatGrantedAt} else now() end`;
}

/** When a user's seat in a module (users × profile_modules) was granted: the later of the user's and the profile's grant. */
export const seatGrantedAtSql: SQL = sql`greatest(${users.seatGrantedAt}, ${profileModules.grantedAt})`;

type SeatNumbers = { capacity: number; overagePercent: number };

/** Seats (and session weights) allowed: floor(capacity × (100 + overage) / 100). */
export const seatLimit = (p: SeatNumbers) => Math.floor((p.capacity * (100 + p.overagePercent)) / 100);
/** The same limit as SQL over `license_pools`, evaluated on the newest row version by conditional takes. */
export const seatLimitSql: SQL = sql`((${licensePools.capacity}::bigint * (100 + ${licensePools.overagePercent})) / 100)`;

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

const su = alias(users, "su");
const spm = alias(profileModules, "spm");
const slp = alias(licensePools, "slp");

/**
 * Rule 9 for a live session (a condition over `sessions` or an alias of it): it is anonymous, or
 * its user holds a seat by rule 1 in the module of the session's pool. A session failing it has
 * lost its licence (rule 18).
 */
export function sessionUserHoldsSeatSql(t: ColumnsOf<typeof sessions, "userId" | "poolId"> = sessions): SQL {
  return sql`(${t.userId} is null or exists (
    select 1 from ${users} ${su}
      join ${profileModules} ${spm} on ${spm.profileId} = ${su.profileId}
      join ${licensePools} ${slp} on ${slp.moduleId} = ${spm.moduleId}
     where ${su.id} = ${t.userId} and ${slp.id} = ${t.poolId} and ${userHoldsSeatSql(su)}))`;
}

/** The modules in which each of these users holds a seat (rule 1), as a map userId → moduleIds. */
export async function seatModulesByUser(ex: Executor, organizationId: string, userIds: string[]) {
  const byUser = new Map<string, string[]>();
  for (let i = 0; i < userIds.length; i += 1000) {
    const rows = await ex
      .select({ userId: users.id, moduleId: profileModules.moduleId })
      .from(users)
      .innerJoin(profileModules, profileGrantsModule)
      .where(
        and(eq(users.organizationId, organizationId), inArray(users.id, userIds.slice(i, i + 1000)), userMayHoldSeat),
      );
    for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.moduleId]);
  }
  return byUser;
}
