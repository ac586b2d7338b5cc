import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, planModules, plans } from "@/db/schema";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";

// The catalogue's plans as the management API answers them: each with its template per module.

const planColumns = {
  id: plans.id,
  name: plans.name,
  description: plans.description,
  currency: plans.currency,
  createdAt: plans.createdAt,
};

async function withModules<R extends { id: string }>(db: Database, rows: R[]) {
  if (rows.length === 0) return [];
  const templates = await db
    .select({
      planId: planModules.planId,
      module: modules.key,
      moduleName: modules.name,
      model: planModules.model,
      includedCapacity: planModules.includedCapacity,
      maxCapacity: planModules.maxCapacity,
      activationsPerLicense: planModules.activationsPerLicense,
      apiConnectsPerLicense: planModules.apiConnectsPerLicense,
      heartbeatSeconds: planModules.heartbeatSeconds,
      leaseDays: planModules.leaseDays,
      pricePerLicense: planModules.pricePerLicense,
    })
    .from(planModules)
    .innerJoin(modules, eq(modules.id, planModules.moduleId))
    .where(
      inArray(
        planModules.planId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(modules.key));
  return rows.map((p) => ({
    ...p,
    modules: templates
      .filter((t) => t.planId === p.id)
      .map(({ planId, ...t }) => {
        void planId;
        return t;
      }),
  }));
}

/** The plans, newest first, by `name` (exactly, any case). */
export async function plansPage(db: Database, filter: { limit: number; cursor?: Keyset; name?: string }) {
  const where = filter.name === undefined ? undefined : sql`lower(${plans.name}) = lower(${filter.name})`;
  const page = keysetPage(plans.createdAt, plans.id, where, filter.cursor);
  const fetched = await db
    .select({ ...planColumns, pagedAt: keysetTime(plans.createdAt) })
    .from(plans)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor } = pageOf(fetched, filter.limit);
  return { rows: await withModules(db, rows), nextCursor };
}

export async function planById(db: Database, id: string) {
  const [record] = await withModules(db, await db.select(planColumns).from(plans).where(eq(plans.id, id)));
  return record ?? null;
}
