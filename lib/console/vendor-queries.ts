import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, planModules, plans } from "@/db/schema";

// Vendor-wide reads (operators and support staff): the catalogue.

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
        moduleKey: modules.key,
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
