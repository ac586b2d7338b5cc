import "server-only";
import { lastUsedAtOf, unusedSince } from "@/lib/reports/last-use-queries";
import { and, asc, count, desc, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  contracts,
  deviceActivations,
  licensePools,
  modules,
  profileModules,
  profiles,
  sessions,
  users,
} from "@/db/schema";
import { contractInForce } from "@/lib/licensing/holdings/contract";
import { userMayHoldSeat, validToNotPastSql } from "@/lib/licensing/holdings/named-seats";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { moduleKey } from "@/lib/validation/licensing";
import { foldUsername, storableText } from "@/lib/validation/text";
import { overLimitPools, overLimitUsers, userIdAmong } from "./over-limit-queries";

// Read queries of the Users area. Built for organizations with 100,000+ users: one page by
// offset/limit ordered by an indexed expression (organization_id, lower(username|email)), the
// total by a separate count, and the seats of only the rows on the page.

export const USERS_PAGE_SIZE = 50;

const flag = z.enum(["yes", "no"]).optional().catch(undefined);
/** The filters of the users table, read from the URL so they survive a reload. */
export const userFiltersSchema = z.object({
  // Search text is cleaned, not refused: what PostgreSQL can't store (NUL, lone surrogates) is dropped.
  q: z
    .string()
    .transform((q) => storableText(q.normalize("NFC").trim(), 100) ?? undefined)
    .optional()
    .catch(undefined),
  status: z.enum(["active", "inactive"]).optional().catch(undefined),
  profile: z
    .union([z.literal("none"), z.uuid()])
    .optional()
    .catch(undefined),
  module: moduleKey.optional().catch(undefined),
  credentials: z.enum(["issued", "none", "revoked"]).optional().catch(undefined),
  expired: flag,
  seat: flag,
  /** Rule 5: the user holds a seat (or a live session) beyond the limit of an over-limit pool. */
  over: flag,
  /**
   * Not used for this many days: no session or activation since (never-seen users too), of the
   * module chosen in `module`, else of any module.
   */
  unused: z.coerce.number().int().min(1).max(3650).optional().catch(undefined),
  sort: z.enum(["username", "email", "created", "lastUsed"]).catch("username").default("username"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type UserFilters = z.output<typeof userFiltersSchema>;

export function parseUserFilters(params: Record<string, string | string[] | undefined>): UserFilters {
  const flat = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === "" ? undefined : v]),
  );
  return userFiltersSchema.parse(flat);
}

/** LIKE pattern for text typed by a person: % and _ are literal. */
const contains = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Profiles that grant at least one named module of a contract in force: a user of such a profile
 * holds a seat exactly when rule 1's user half holds. A few hundred ids at most, read first, so
 * the users query filters by `profile_id = any(…)` and the planner sees a plain predicate (the
 * correlated form was estimated at one row and nested-looped 100,000 users × every profile).
 */
async function seatProfileIds(db: Database, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: profileModules.profileId })
    .from(profileModules)
    .innerJoin(
      licensePools,
      and(
        eq(licensePools.moduleId, profileModules.moduleId),
        eq(licensePools.organizationId, organizationId),
        eq(licensePools.model, "named"),
      ),
    )
    .innerJoin(contracts, and(eq(contracts.id, licensePools.contractId), contractInForce))
    .where(eq(profileModules.organizationId, organizationId));
  return rows.map((r) => r.id);
}

/** Profiles of the organization granting the module with this key. */
async function moduleProfileIds(db: Database, organizationId: string, moduleKey: string): Promise<string[]> {
  const rows = await db
    .select({ id: profileModules.profileId })
    .from(profileModules)
    .innerJoin(modules, eq(modules.id, profileModules.moduleId))
    .where(and(eq(profileModules.organizationId, organizationId), eq(modules.key, moduleKey)));
  return rows.map((r) => r.id);
}

/** Rule 5: the users beyond the limit of the organization's over-limit pools, with the modules. */
const overLimitUsersOf = async (db: Database, organizationId: string) =>
  overLimitUsers(db, await overLimitPools(db, organizationId));

const profileIn = (ids: string[]) => (ids.length ? inArray(users.profileId, ids) : sql`false`);

/** The users table's filters as one condition (the management API's user list reads it too). */
export async function usersWhere(
  db: Database,
  organizationId: string,
  f: Partial<UserFilters>,
  overUsers?: Promise<Map<string, string[]>>,
): Promise<SQL> {
  const conditions: (SQL | undefined)[] = [eq(users.organizationId, organizationId)];
  if (f.q)
    conditions.push(
      or(
        sql`${users.usernameKey} like ${contains(foldUsername(f.q))}`,
        sql`lower(${users.email}) like ${contains(f.q)}`,
      ),
    );
  if (f.status) conditions.push(eq(users.status, f.status));
  if (f.credentials) conditions.push(eq(users.credentials, f.credentials));
  if (f.profile === "none") conditions.push(isNull(users.profileId));
  else if (f.profile) conditions.push(eq(users.profileId, f.profile));
  if (f.module) conditions.push(profileIn(await moduleProfileIds(db, organizationId, f.module)));
  if (f.expired === "yes") conditions.push(sql`not ${validToNotPastSql()}`);
  if (f.expired === "no") conditions.push(validToNotPastSql());
  if (f.seat) {
    // The user holds a seat in at least one named pool in force (rule 1 via the engine's fragment).
    const holdsSeat = and(userMayHoldSeat, profileIn(await seatProfileIds(db, organizationId)))!;
    conditions.push(f.seat === "yes" ? holdsSeat : sql`not coalesce(${holdsSeat}, false)`);
  }
  // With a module chosen, "not used" is about that module: its seat may sit idle while others are used.
  if (f.unused)
    conditions.push(
      unusedSince(
        users.id,
        new Date(Date.now() - f.unused * 86_400_000),
        f.module ? sql`(select ${modules.id} from ${modules} where ${modules.key} = ${f.module})` : undefined,
      ),
    );
  if (f.over) {
    const beyond = userIdAmong((await (overUsers ?? overLimitUsersOf(db, organizationId))).keys());
    conditions.push(f.over === "yes" ? beyond : sql`not ${beyond}`);
  }
  return and(...conditions)!;
}

function orderOf(f: UserFilters): SQL[] {
  const by = f.dir === "desc" ? desc : asc;
  // Expressions identical to the indexes on (organization_id, lower(username)) and lower(email).
  if (f.sort === "email") return [by(sql`lower(${users.email})`), by(users.id)];
  if (f.sort === "created") return [by(users.createdAt), by(users.id)];
  // Never-seen users sort as the longest unused (first when ascending).
  if (f.sort === "lastUsed")
    return [
      f.dir === "desc"
        ? sql`${lastUsedAtOf(users.id).getSQL()} desc nulls last`
        : sql`${lastUsedAtOf(users.id).getSQL()} asc nulls first`,
      by(users.id),
    ];
  return [by(sql`lower(${users.username})`)];
}

const userColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  status: users.status,
  credentials: users.credentials,
  validTo: users.validTo,
  profileId: users.profileId,
  profileName: profiles.name,
  managerId: users.managerId,
  /** The manager's username (the import's and export's `manager` column). */
  managerName: sql<string | null>`(select m.username from users m where m.id = ${users.managerId})`,
  lastUsedAt: lastUsedAtOf(users.id),
  createdAt: users.createdAt,
};

/**
 * Which named modules each of these users holds a seat in (rule 1), for the rows of one page.
 * Two small reads joined here: the users (by primary key) with rule 1's user half, then the named
 * modules in force of their profiles. As one join the planner walked every seat holder of each
 * profile (estimated at one row) instead of the page's 50 users.
 */
export async function seatsOfUsers(db: Database, organizationId: string, userIds: string[]) {
  const byUser = new Map<string, { key: string; name: string }[]>();
  if (userIds.length === 0) return byUser;
  const holders = await db
    .select({ id: users.id, profileId: users.profileId })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), inArray(users.id, userIds), userMayHoldSeat));
  const profileIds = [...new Set(holders.flatMap((u) => (u.profileId ? [u.profileId] : [])))];
  if (profileIds.length === 0) return byUser;
  const grants = await db
    .selectDistinct({ profileId: profileModules.profileId, key: modules.key, name: modules.name })
    .from(profileModules)
    .innerJoin(modules, eq(modules.id, profileModules.moduleId))
    .innerJoin(
      licensePools,
      and(
        eq(licensePools.moduleId, profileModules.moduleId),
        eq(licensePools.organizationId, organizationId),
        eq(licensePools.model, "named"),
      ),
    )
    .innerJoin(contracts, and(eq(contracts.id, licensePools.contractId), contractInForce))
    .where(and(eq(profileModules.organizationId, organizationId), inArray(profileModules.profileId, profileIds)))
    .orderBy(modules.name);
  for (const u of holders) {
    const seats = grants.filter((g) => g.profileId === u.profileId).map((g) => ({ key: g.key, name: g.name }));
    if (seats.length) byUser.set(u.id, seats);
  }
  return byUser;
}

/** One page of the users table with the filters applied, and how many users match in all. */
export async function listUsersPage(db: Database, organizationId: string, filters: UserFilters) {
  const overUsers = overLimitUsersOf(db, organizationId);
  overUsers.catch(() => {}); // awaited below; this only keeps an early failure of the page's own reads from leaving it unhandled
  const where = await usersWhere(db, organizationId, filters, overUsers);
  const [rows, [total]] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .leftJoin(profiles, eq(profiles.id, users.profileId))
      .where(where)
      .orderBy(...orderOf(filters))
      .limit(USERS_PAGE_SIZE)
      .offset((filters.page - 1) * USERS_PAGE_SIZE),
    db.select({ n: count() }).from(users).where(where),
  ]);
  const ids = rows.map((r) => r.id);
  const [seats, over] = await Promise.all([seatsOfUsers(db, organizationId, ids), overUsers]);
  return {
    // overLimit: the modules whose limit the user is beyond (rule 5), for the row's badge.
    rows: rows.map((r) => ({ ...r, seats: seats.get(r.id) ?? [], overLimit: over.get(r.id) ?? [] })),
    total: Number(total?.n ?? 0),
    pageSize: USERS_PAGE_SIZE,
  };
}
export type UserRow = Awaited<ReturnType<typeof listUsersPage>>["rows"][number];

/** Every matching user, in batches of `batch`, for the CSV export (keyset-paged, never one huge read). */
export async function* usersForExport(db: Database, organizationId: string, filters: UserFilters, batch = 1000) {
  const filtered = await usersWhere(db, organizationId, filters);
  let after: string | null = null;
  for (;;) {
    const where: SQL = after ? and(filtered, gt(sql`lower(${users.username})`, after))! : filtered;
    const rows = await db
      .select(userColumns)
      .from(users)
      .leftJoin(profiles, eq(profiles.id, users.profileId))
      .where(where)
      .orderBy(sql`lower(${users.username})`)
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = rows.at(-1)!.username.toLowerCase();
  }
}

/** Profiles and the modules of the organization's pools, for the filter and form choices. */
export async function userChoices(db: Database, organizationId: string) {
  const [profileRows, moduleRows] = await Promise.all([
    db
      .select({ id: profiles.id, name: profiles.name })
      .from(profiles)
      .where(eq(profiles.organizationId, organizationId))
      .orderBy(sql`lower(${profiles.name})`),
    db
      .selectDistinct({ key: modules.key, name: modules.name })
      .from(licensePools)
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(eq(licensePools.organizationId, organizationId))
      .orderBy(modules.name),
  ]);
  return { profiles: profileRows, modules: moduleRows };
}
export type UserChoices = Awaited<ReturnType<typeof userChoices>>;

/** One user of the organization with their seats, live sessions and devices; null when not theirs. */
export async function getUserDetail(db: Database, organizationId: string, userId: string) {
  if (!z.uuid().safeParse(userId).success) return null;
  const [user] = await db
    .select(userColumns)
    .from(users)
    .leftJoin(profiles, eq(profiles.id, users.profileId))
    .where(and(eq(users.id, userId), eq(users.organizationId, organizationId)));
  if (!user) return null;
  const [seats, overLimit, liveSessions, devices] = await Promise.all([
    seatsOfUsers(db, organizationId, [userId]),
    overLimitUsersOf(db, organizationId),
    db
      .select({
        id: sessions.id,
        moduleName: modules.name,
        clientType: sessions.clientType,
        deviceId: sessions.deviceId,
        startedAt: sessions.startedAt,
        lastHeartbeatAt: sessions.lastHeartbeatAt,
      })
      .from(sessions)
      .innerJoin(licensePools, eq(licensePools.id, sessions.poolId))
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(and(eq(sessions.organizationId, organizationId), eq(sessions.userId, userId), sessionIsLive))
      .orderBy(desc(sessions.startedAt)),
    db
      .select({
        id: deviceActivations.id,
        name: deviceActivations.name,
        fingerprint: deviceActivations.fingerprint,
        platform: deviceActivations.platform,
        moduleName: modules.name,
        leaseExpiresAt: deviceActivations.leaseExpiresAt,
        leaseDays: licensePools.leaseDays,
      })
      .from(deviceActivations)
      .innerJoin(licensePools, eq(licensePools.id, deviceActivations.poolId))
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(
        and(
          eq(deviceActivations.organizationId, organizationId),
          eq(deviceActivations.userId, userId),
          isNull(deviceActivations.endedAt),
        ),
      )
      .orderBy(desc(deviceActivations.activatedAt)),
  ]);
  // overLimit: the modules whose limit this user is beyond (rule 5).
  return {
    user,
    seats: seats.get(userId) ?? [],
    overLimit: overLimit.get(userId) ?? [],
    sessions: liveSessions,
    devices,
  };
}
