import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, organizations, planModules, plans } from "@/db/schema";
import { poolUsages, type PoolUsage, type PoolState } from "@/lib/licensing/usage";

// Vendor-wide reads (operators and support staff): every organization, the catalogue.

const stateRank: Record<PoolState, number> = { over: 3, full: 2, warning: 1, normal: 0 };

/** Every organization with its pools, the one with the worst pool first. */
export async function listOrganizations(db: Database) {
  const [rows, pools] = await Promise.all([
    db
      .select({ id: organizations.id, name: organizations.name, siteId: organizations.siteId })
      .from(organizations)
      .orderBy(sql`lower(${organizations.name})`),
    poolUsages(db),
  ]);
  const byOrganization = new Map<string, PoolUsage[]>();
  for (const pool of pools) {
    if (pool.contractStatus !== "active") continue;
    byOrganization.set(pool.organizationId, [...(byOrganization.get(pool.organizationId) ?? []), pool]);
  }
  const worst = (orgPools: PoolUsage[]) => Math.max(-1, ...orgPools.map((p) => stateRank[p.state]));
  return rows
    .map((o) => {
      const orgPools = byOrganization.get(o.id) ?? [];
      return {
        ...o,
        pools: orgPools,
        overLimit: orgPools.filter((p) => p.state === "over").length,
        nearLimit: orgPools.filter((p) => p.state === "warning" || p.state === "full").length,
        worst: worst(orgPools),
      };
    })
    .sort((a, b) => b.worst - a.worst);
}

export async function listCatalogue(db: Database) {
  const [moduleRows, planRows, planModuleRows] = await Promise.all([
    db.select({ id: modules.id, key: modules.key, name: modules.name }).from(modules).orderBy(asc(modules.name)),
    db
      .select({ id: plans.id, name: plans.name, description: plans.description, currency: plans.currency })
      .from(plans)
      .orderBy(asc(plans.name)),
    db
      .select({
        planId: planModules.planId,
        moduleName: modules.name,
        model: planModules.model,
        includedCapacity: planModules.includedCapacity,
        maxCapacity: planModules.maxCapacity,
        pricePerLicense: planModules.pricePerLicense,
      })
      .from(planModules)
      .innerJoin(modules, eq(modules.id, planModules.moduleId))
      .orderBy(asc(modules.name)),
  ]);
  return {
    modules: moduleRows,
    plans: planRows.map((p) => ({ ...p, modules: planModuleRows.filter((m) => m.planId === p.id) })),
  };
}
