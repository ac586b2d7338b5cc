import "server-only";
import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { modules, organizations, planModules, plans } from "@/db/schema";
import type { Database, Executor } from "@/db/client";
import {
  moduleUpsertInput,
  organizationCreateInput,
  planCreateInput,
  type ModuleUpsertInput,
  type OrganizationCreateInput,
  type PlanCreateInput,
} from "@/lib/validation/licensing";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { LicensingError } from "./errors";
import { isUuid, parseInput } from "./input";

/** Adds a module to the catalogue; the same key with the same name is not a change. */
export async function upsertModule(db: Database, actor: Actor, input: ModuleUpsertInput) {
  const { key, name } = parseInput(moduleUpsertInput, input);
  return db.transaction(async (tx) => {
    const [inserted] = await tx.insert(modules).values({ key, name }).onConflictDoNothing().returning();
    if (inserted) {
      await recordAudit(tx, actor, {
        organizationId: null,
        action: "module.create",
        targetType: "module",
        targetId: inserted.id,
        after: { key, name },
      });
      return { module: inserted, created: true };
    }
    const [existing] = await tx.select().from(modules).where(eq(modules.key, key));
    if (!existing || existing.name !== name) {
      throw new LicensingError(
        "CONFLICT",
        `The module key "${key}" already exists with the name "${existing?.name}".`,
        { key },
      );
    }
    return { module: existing, created: false };
  });
}

/** Objects created under an organization (users, profiles) need it to exist: else NOT_FOUND, not a foreign-key error. */
export async function assertOrganizationExists(ex: Executor, organizationId: string) {
  const [org] = isUuid(organizationId)
    ? await ex.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId))
    : [];
  if (!org) throw new LicensingError("NOT_FOUND", "That organization was not found.");
}

/** Creates a customer organization; a site ID is generated when none is given. */
export async function createOrganization(db: Database, actor: Actor, input: OrganizationCreateInput) {
  const { name, siteId, timeZone } = parseInput(organizationCreateInput, input);
  return db.transaction(async (tx) => {
    const [organization] = await tx
      .insert(organizations)
      .values({ name, siteId: siteId ?? newSiteId(), timeZone })
      .onConflictDoNothing()
      .returning();
    if (!organization) throw new LicensingError("CONFLICT", `The site ID "${siteId}" is already taken.`, { siteId });
    await recordAudit(tx, actor, {
      organizationId: organization.id,
      action: "organization.create",
      targetType: "organization",
      targetId: organization.id,
      after: { name, siteId: organization.siteId, timeZone },
    });
    return organization;
  });
}

function newSiteId() {
  return `SITE-${randomBytes(5).toString("hex").toUpperCase()}`;
}

/** Creates a plan: a template of pools (model, included and maximum capacity) per module. */
/** A plan's template row for one module, as the plan states it. */
export const planModuleRow = (planId: string, moduleId: string, m: PlanCreateInput["modules"][number]) => ({
  planId,
  moduleId,
  model: m.model,
  includedCapacity: m.includedCapacity,
  maxCapacity: m.maxCapacity ?? null,
  activationsPerLicense: m.activationsPerLicense,
  apiConnectsPerLicense: m.apiConnectsPerLicense,
  heartbeatSeconds: m.heartbeatSeconds,
  leaseDays: m.leaseDays,
  pricePerLicense: m.pricePerLicense ?? null,
});

export async function createPlan(db: Database, actor: Actor, input: PlanCreateInput) {
  const plan = parseInput(planCreateInput, input);
  return db.transaction(async (tx) => {
    const keys = plan.modules.map((m) => m.module);
    if (new Set(keys).size !== keys.length) throw new LicensingError("INVALID", "A plan lists each module once.");
    const found = await tx.select().from(modules).where(inArray(modules.key, keys));
    const byKey = new Map(found.map((m) => [m.key, m]));
    const missing = keys.filter((k) => !byKey.has(k));
    if (missing.length) throw new LicensingError("INVALID", `Unknown module: ${missing.join(", ")}.`, { missing });
    for (const m of plan.modules) {
      if (m.maxCapacity !== undefined && m.maxCapacity < m.includedCapacity) {
        throw new LicensingError(
          "INVALID",
          `${byKey.get(m.module)!.name}: the maximum capacity cannot be below the included capacity.`,
        );
      }
    }
    if (!plan.currency && plan.modules.some((m) => m.pricePerLicense !== undefined))
      throw new LicensingError("INVALID", "Give the plan's currency (such as EUR) to list prices.");
    const [existing] = await tx
      .select({ id: plans.id })
      .from(plans)
      .where(sql`lower(${plans.name}) = lower(${plan.name})`);
    if (existing) throw new LicensingError("CONFLICT", `A plan named "${plan.name}" already exists.`);
    const [created] = await tx
      .insert(plans)
      .values({ name: plan.name, description: plan.description ?? null, currency: plan.currency ?? null })
      .returning();
    const rows = await tx
      .insert(planModules)
      .values(plan.modules.map((m) => planModuleRow(created!.id, byKey.get(m.module)!.id, m)))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "plan.create",
      targetType: "plan",
      targetId: created!.id,
      after: plan,
    });
    return { ...created!, modules: rows };
  });
}
