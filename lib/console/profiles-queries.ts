import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, profileModules, profiles, users } from "@/db/schema";
import { profileGrantsModule, userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { poolUsages } from "@/lib/licensing/usage";
import {
  holdersBeyondLimit,
  holdersBeyondLimitByProfile,
  overBy,
  OVER_HOLDERS_SHOWN,
  type OverHolder,
} from "./over-limit-queries";

// Read queries of the Profiles area: each profile with its modules, members and the seats its
// members hold per module (rule 1 through the engine's fragments), and the catalogue modules of
// the organization's pools that a profile can grant.

export async function profilesOverview(db: Database, organizationId: string) {
  const [rows, grants, members, seats, pools] = await Promise.all([
    db
      .select({ id: profiles.id, name: profiles.name })
      .from(profiles)
      .where(eq(profiles.organizationId, organizationId))
      .orderBy(sql`lower(${profiles.name})`),
    db
      .select({ profileId: profileModules.profileId, key: modules.key })
      .from(profileModules)
      .innerJoin(modules, eq(modules.id, profileModules.moduleId))
      .where(eq(profileModules.organizationId, organizationId)),
    db
      .select({ profileId: users.profileId, n: count() })
      .from(users)
      .where(eq(users.organizationId, organizationId))
      .groupBy(users.profileId),
    db
      .select({ profileId: users.profileId, key: modules.key, n: count() })
      .from(users)
      .innerJoin(profileModules, profileGrantsModule)
      .innerJoin(modules, eq(modules.id, profileModules.moduleId))
      .where(and(eq(users.organizationId, organizationId), userMayHoldSeat))
      .groupBy(users.profileId, modules.key),
    poolUsages(db, { organizationId }),
  ]);

  // One toggle per module of the organization's pools; the named pool in force gives its numbers.
  const catalogue = new Map<
    string,
    {
      key: string;
      name: string;
      model: "named" | "concurrent";
      inUse: number | null;
      limit: number | null;
      available: number | null;
      /** Rule 5, for a named pool in force over its limit: the holders beyond it, most recent first (the first few). */
      overHolders: OverHolder[];
    }
  >();
  for (const p of pools) {
    const inForce = p.contractStatus === "active";
    const known = catalogue.get(p.module);
    if (known && !(inForce && p.model === "named")) continue;
    catalogue.set(p.module, {
      key: p.module,
      name: p.moduleName,
      model: p.model,
      inUse: p.model === "named" && inForce ? p.inUse : null,
      limit: p.model === "named" && inForce ? p.limit : null,
      available: p.model === "named" && inForce ? p.available : null,
      overHolders: [],
    });
  }
  // Who is beyond the limit of each named pool in force that is over: all of them, and per profile its members.
  const overPools = pools.filter((p) => p.model === "named" && p.contractStatus === "active" && overBy(p) > 0);
  const beyond = await Promise.all(
    overPools.map(async (p) => {
      const [all, byProfile] = await Promise.all([
        holdersBeyondLimit(db, p, overBy(p), OVER_HOLDERS_SHOWN),
        holdersBeyondLimitByProfile(db, p, overBy(p), OVER_HOLDERS_SHOWN),
      ]);
      catalogue.get(p.module)!.overHolders = all;
      return { module: p.module, byProfile };
    }),
  );
  const memberCount = new Map(members.map((m) => [m.profileId, Number(m.n)]));
  return {
    modules: [...catalogue.values()].sort((a, b) => a.name.localeCompare(b.name)),
    profiles: rows.map((p) => ({
      ...p,
      /** Per over-limit module key: this profile's members beyond the limit, most recent first. */
      overHolders: Object.fromEntries(
        beyond.flatMap((b) => (b.byProfile.has(p.id) ? [[b.module, b.byProfile.get(p.id)!]] : [])),
      ) as Record<string, OverHolder[]>,
      modules: grants.filter((g) => g.profileId === p.id).map((g) => g.key),
      members: memberCount.get(p.id) ?? 0,
      seats: Object.fromEntries(seats.filter((s) => s.profileId === p.id).map((s) => [s.key, Number(s.n)])) as Record<
        string,
        number
      >,
    })),
    withoutProfile: memberCount.get(null) ?? 0,
  };
}
export type ProfilesOverview = Awaited<ReturnType<typeof profilesOverview>>;
export type ProfileSummary = ProfilesOverview["profiles"][number];
export type CatalogueModule = ProfilesOverview["modules"][number];
