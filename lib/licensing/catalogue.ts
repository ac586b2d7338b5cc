import "server-only";
import { randomBytes } from "node:crypto";
import { eq, inArray, sql, type AnyColumn } from "drizzle-orm";
import { contracts, licensePools, modules, organizations, planModules, plans } from "@/db/schema";
import { isUniqueViolation, type Database, type Executor, type Tx } from "@/db/client";
import {
  moduleUpsertInput,
  organizationCreateInput,
  organizationUpdateInput,
  planCreateInput,
  type ModuleUpsertInput,
  type OrganizationCreateInput,
  type OrganizationUpdateInput,
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

/**
 * Changes an organization's name, site ID or time zone (only the fields given). Its contracts'
 * dates are whole days in its zone (rule 20), so a new zone keeps their days: a start, end or
 * scheduled decrease at midnight in the old zone moves to that day's midnight in the new one; an
 * exact instant given as such stays.
 */
export async function updateOrganization(
  db: Database,
  actor: Actor,
  organizationId: string,
  input: OrganizationUpdateInput,
) {
  const patch = parseInput(organizationUpdateInput, input);
  return db.transaction(async (tx) => {
    const [before] = isUuid(organizationId)
      ? await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for("update")
      : [];
    if (!before) throw new LicensingError("NOT_FOUND", "That organization was not found.");
    const changed = (["name", "siteId", "timeZone"] as const).filter(
      (field) => patch[field] !== undefined && patch[field] !== before[field],
    );
    if (!changed.length) return before;
    const siteTaken = () =>
      new LicensingError("CONFLICT", `The site ID "${patch.siteId}" is already taken.`, { siteId: patch.siteId });
    if (changed.includes("siteId")) {
      const [taken] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.siteId, patch.siteId!));
      if (taken) throw siteTaken();
    }
    const after = await tx
      .update(organizations)
      .set({ name: patch.name, siteId: patch.siteId, timeZone: patch.timeZone })
      .where(eq(organizations.id, organizationId))
      .returning()
      // Another organization may take the same site ID between the look above and this change.
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? siteTaken() : e;
      });
    if (changed.includes("timeZone")) await keepContractDays(tx, organizationId, before.timeZone, patch.timeZone!);
    const pick = (row: typeof before) => Object.fromEntries(changed.map((field) => [field, row[field]]));
    await recordAudit(tx, actor, {
      organizationId,
      action: "organization.update",
      targetType: "organization",
      targetId: organizationId,
      before: pick(before),
      after: pick(after[0]!),
    });
    return after[0]!;
  });
}

/** Moves the organization's day-based instants (local midnights) from one zone to the other. */
async function keepContractDays(tx: Tx, organizationId: string, from: string, to: string) {
  const sameDay = (column: AnyColumn) =>
    sql`case when (${column} at time zone ${from}::text)::time = '00:00'
          then ((${column} at time zone ${from}::text)::date)::timestamp at time zone ${to}::text
          else ${column} end`;
  await tx
    .update(contracts)
    .set({ startsAt: sameDay(contracts.startsAt), endsAt: sameDay(contracts.endsAt) })
    .where(eq(contracts.organizationId, organizationId));
  await tx
    .update(licensePools)
    .set({ scheduledCapacityAt: sameDay(licensePools.scheduledCapacityAt) })
    .where(eq(licensePools.organizationId, organizationId));
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
