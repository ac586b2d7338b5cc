import "server-only";
import { count, eq, inArray, sql } from "drizzle-orm";
import { contracts, modules, planModules, plans } from "@/db/schema";
import type { Database } from "@/db/client";
import { moduleRenameInput, planUpdateInput, type PlanUpdateInput } from "@/lib/validation/licensing";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { planModuleRow } from "./catalogue";
import { LicensingError } from "./errors";
import { parseInput } from "./input";

// Changes to the catalogue's plans and modules after they were created. A plan is a template:
// contracts made from it copied its pools, so changing it changes no contract; but a contract
// still names its plan, so a plan in use keeps every module it had (a contract of that plan
// would otherwise hold a module the plan no longer lists).

/** Renames, re-describes or re-prices a plan, or replaces its modules (a plan in use only gains modules). */
export async function updatePlan(db: Database, actor: Actor, planId: string, input: PlanUpdateInput) {
  const patch = parseInput(planUpdateInput, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(plans).where(eq(plans.id, planId)).for("update");
    if (!before) throw new LicensingError("NOT_FOUND", "That plan was not found.");
    const beforeModules = await tx
      .select({ key: modules.key, moduleId: planModules.moduleId, pricePerLicense: planModules.pricePerLicense })
      .from(planModules)
      .innerJoin(modules, eq(modules.id, planModules.moduleId))
      .where(eq(planModules.planId, planId));

    if (patch.name && patch.name.toLowerCase() !== before.name.toLowerCase()) {
      const [taken] = await tx
        .select({ id: plans.id })
        .from(plans)
        .where(sql`lower(${plans.name}) = lower(${patch.name})`);
      if (taken) throw new LicensingError("CONFLICT", `A plan named "${patch.name}" already exists.`);
    }
    const currency = patch.currency === undefined ? before.currency : patch.currency;
    const priced = patch.modules
      ? patch.modules.some((m) => m.pricePerLicense !== undefined)
      : beforeModules.some((m) => m.pricePerLicense !== null);
    if (!currency && priced)
      throw new LicensingError("INVALID", "Give the plan's currency (such as EUR) to list prices.");

    if (patch.modules) {
      const keys = patch.modules.map((m) => m.module);
      if (new Set(keys).size !== keys.length) throw new LicensingError("INVALID", "A plan lists each module once.");
      const found = await tx.select().from(modules).where(inArray(modules.key, keys));
      const byKey = new Map(found.map((m) => [m.key, m]));
      const missing = keys.filter((k) => !byKey.has(k));
      if (missing.length) throw new LicensingError("INVALID", `Unknown module: ${missing.join(", ")}.`, { missing });
      for (const m of patch.modules)
        if (m.maxCapacity !== undefined && m.maxCapacity < m.includedCapacity)
          throw new LicensingError(
            "INVALID",
            `${byKey.get(m.module)!.name}: the maximum capacity cannot be below the included capacity.`,
          );
      const removed = beforeModules.filter((m) => !keys.includes(m.key)).map((m) => m.key);
      if (removed.length) {
        const [inUse] = await tx.select({ n: count() }).from(contracts).where(eq(contracts.planId, planId));
        const contractsOfPlan = Number(inUse?.n ?? 0);
        if (contractsOfPlan > 0)
          throw new LicensingError(
            "PLAN_IN_USE",
            `${contractsOfPlan === 1 ? "A contract is" : `${contractsOfPlan} contracts are`} made from this plan: it keeps ${removed.join(", ")}.`,
            { modules: removed, contracts: contractsOfPlan },
          );
      }
      // The template is rewritten whole: its rows hold nothing but what the plan says.
      await tx.delete(planModules).where(eq(planModules.planId, planId));
      await tx.insert(planModules).values(patch.modules.map((m) => planModuleRow(planId, byKey.get(m.module)!.id, m)));
    }
    const [after] = await tx
      .update(plans)
      .set({
        name: patch.name ?? before.name,
        description: patch.description === undefined ? before.description : patch.description,
        currency,
      })
      .where(eq(plans.id, planId))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "plan.update",
      targetType: "plan",
      targetId: planId,
      before: {
        name: before.name,
        description: before.description,
        currency: before.currency,
        modules: beforeModules.map((m) => m.key),
      },
      after: { ...patch, name: after!.name },
    });
    return after!;
  });
}

/** Renames a module: its key, which clients and contracts use, stays. */
export async function renameModule(db: Database, actor: Actor, moduleId: string, input: { name: string }) {
  const { name } = parseInput(moduleRenameInput, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(modules).where(eq(modules.id, moduleId)).for("update");
    if (!before) throw new LicensingError("NOT_FOUND", "That module was not found.");
    const [after] = await tx.update(modules).set({ name }).where(eq(modules.id, moduleId)).returning();
    if (before.name !== name)
      await recordAudit(tx, actor, {
        organizationId: null,
        action: "module.rename",
        targetType: "module",
        targetId: moduleId,
        before: { name: before.name },
        after: { name },
      });
    return after!;
  });
}
