import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, organizations, users } from "@/db/schema";
import { lastUsedAtOf } from "@/lib/reports/last-use-queries";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";
import { usersWhere } from "./users-queries";

// The management API's lists of organizations, users and modules, newest first (lib/console/keyset.ts).

type Page = { limit: number; cursor?: Keyset };

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  siteId: organizations.siteId,
  timeZone: organizations.timeZone,
  createdAt: organizations.createdAt,
};

/** Organizations by `siteId` (exactly) and `name` (contains, any case). */
export async function organizationsPage(db: Database, filter: Page & { siteId?: string; name?: string }) {
  const where = and(
    filter.siteId === undefined ? undefined : eq(organizations.siteId, filter.siteId),
    filter.name === undefined
      ? undefined
      : sql`lower(${organizations.name}) like ${"%" + escapeLike(filter.name.toLowerCase()) + "%"}`,
  );
  const page = keysetPage(organizations.createdAt, organizations.id, where, filter.cursor);
  const fetched = await db
    .select({ ...organizationColumns, pagedAt: keysetTime(organizations.createdAt) })
    .from(organizations)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return pageOf(fetched, filter.limit);
}

export async function organizationById(db: Database, id: string) {
  const [row] = await db.select(organizationColumns).from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

const userColumns = {
  id: users.id,
  organizationId: users.organizationId,
  username: users.username,
  email: users.email,
  status: users.status,
  credentials: users.credentials,
  validTo: users.validTo,
  profileId: users.profileId,
  managerId: users.managerId,
  lastUsedAt: lastUsedAtOf(users.id),
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export type UserFilter = Page & {
  username?: string;
  email?: string;
  status?: "active" | "inactive";
  profileId?: string;
  /** Users whose profile grants the module with this key. */
  module?: string;
  /** Users beyond the limit of an over-limit pool (rule 5), or (false) none of them. */
  overLimit?: boolean;
};

/**
 * An organization's users by `username` and `email` (exactly, any case), `status` and `profileId`,
 * and by `module` and `overLimit` as the users page filters them.
 */
export async function usersPage(db: Database, organizationId: string, filter: UserFilter) {
  const where = and(
    await usersWhere(db, organizationId, {
      module: filter.module,
      over: filter.overLimit === undefined ? undefined : filter.overLimit ? "yes" : "no",
    }),
    filter.username === undefined ? undefined : sql`lower(${users.username}) = lower(${filter.username})`,
    filter.email === undefined ? undefined : sql`lower(${users.email}) = lower(${filter.email})`,
    filter.status === undefined ? undefined : eq(users.status, filter.status),
    filter.profileId === undefined ? undefined : eq(users.profileId, filter.profileId),
  );
  const page = keysetPage(users.createdAt, users.id, where, filter.cursor);
  const fetched = await db
    .select({ ...userColumns, pagedAt: keysetTime(users.createdAt) })
    .from(users)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return pageOf(fetched, filter.limit);
}

export async function userById(db: Database, id: string) {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row ?? null;
}

/** The catalogue's modules, newest first. */
export async function modulesPage(db: Database, filter: Page) {
  const page = keysetPage(modules.createdAt, modules.id, undefined, filter.cursor);
  const fetched = await db
    .select({
      id: modules.id,
      key: modules.key,
      name: modules.name,
      createdAt: modules.createdAt,
      pagedAt: keysetTime(modules.createdAt),
    })
    .from(modules)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return pageOf(fetched, filter.limit);
}

const escapeLike = (value: string) => value.replaceAll(/[\\%_]/g, (c) => `\\${c}`);
