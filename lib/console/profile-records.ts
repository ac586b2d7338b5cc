import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, profileModules, profiles, users } from "@/db/schema";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";

// Profiles as the management API answers them: the modules each grants and how many users it has.

const profileColumns = {
  id: profiles.id,
  organizationId: profiles.organizationId,
  name: profiles.name,
  precedence: profiles.precedence,
  createdAt: profiles.createdAt,
};

type ProfileRow = { id: string };

async function withModulesAndMembers<R extends ProfileRow>(db: Database, rows: R[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [grants, members] = await Promise.all([
    db
      .select({ profileId: profileModules.profileId, key: modules.key })
      .from(profileModules)
      .innerJoin(modules, eq(modules.id, profileModules.moduleId))
      .where(inArray(profileModules.profileId, ids))
      .orderBy(asc(modules.key)),
    db
      .select({ profileId: users.profileId, n: count() })
      .from(users)
      .where(inArray(users.profileId, ids))
      .groupBy(users.profileId),
  ]);
  const memberCount = new Map(members.map((m) => [m.profileId, Number(m.n)]));
  return rows.map((p) => ({
    ...p,
    modules: grants.filter((g) => g.profileId === p.id).map((g) => g.key),
    members: memberCount.get(p.id) ?? 0,
  }));
}

/** An organization's profiles, newest first, by `name` (exactly, any case). */
export async function profilesPage(
  db: Database,
  organizationId: string,
  filter: { limit: number; cursor?: Keyset; name?: string },
) {
  const where = and(
    eq(profiles.organizationId, organizationId),
    filter.name === undefined ? undefined : sql`lower(${profiles.name}) = lower(${filter.name})`,
  );
  const page = keysetPage(profiles.createdAt, profiles.id, where, filter.cursor);
  const fetched = await db
    .select({ ...profileColumns, pagedAt: keysetTime(profiles.createdAt) })
    .from(profiles)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor } = pageOf(fetched, filter.limit);
  return { rows: await withModulesAndMembers(db, rows), nextCursor };
}

export async function profileById(db: Database, id: string) {
  const rows = await db.select(profileColumns).from(profiles).where(eq(profiles.id, id));
  const [record] = await withModulesAndMembers(db, rows);
  return record ?? null;
}
