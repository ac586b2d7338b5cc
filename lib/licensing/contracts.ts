import "server-only";
import { and, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { contracts, licensePools, modules, organizations, planModules, plans } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import type { z } from "zod";
import {
  contractCreateInput,
  contractPoolInput,
  contractUpdateInput,
  type ContractCreateInput,
  type ContractUpdateInput,
} from "@/lib/validation/licensing";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { LicensingError } from "./errors";
import { assertInScope, parseInput, type Scope } from "./input";
import { effectiveStatus } from "./holdings/contract";
import { dayIn, lastDayIn } from "./holdings/contract-days";
import { contractInstants } from "./holdings/contract-instants";
import { endingSession, endLiveSessions } from "./session-release";
import { notifyRevocation } from "./revocations";

export { updatePool } from "./capacity";
export { applyDueScheduledChanges, cancelScheduledDecrease, scheduleCapacityDecrease } from "./scheduled-changes";

/**
 * Creates a contract and its pools. A `plan` fills each pool's model, capacity and bounds from
 * the plan (and, with no pools listed, brings all of the plan's modules). An organization has at
 * most one contract in force per module.
 */
export async function createContract(db: Database, actor: Actor, input: ContractCreateInput) {
  const c = parseInput(contractCreateInput, input);
  return db.transaction(async (tx) => {
    // Serializes contract creation per organization, so the one-in-force-per-module check holds under races.
    // NO KEY UPDATE: it queues contract changes but not the foreign-key checks (KEY SHARE) of inserts.
    const [org] = await tx
      .select()
      .from(organizations)
      .where(eq(organizations.id, c.organizationId))
      .for("no key update");
    if (!org) throw new LicensingError("INVALID", "That organization does not exist.");

    let plan: { id: string; name: string; currency: string | null } | undefined;
    let template = new Map<string, typeof planModules.$inferSelect & { key: string }>();
    if (c.plan) {
      [plan] = await tx
        .select({ id: plans.id, name: plans.name, currency: plans.currency })
        .from(plans)
        .where(sql`lower(${plans.name}) = lower(${c.plan})`)
        // KEY SHARE: a plan's change (FOR UPDATE) waits for this contract, or this read waits for
        // the change and takes the template it leaves, so a plan in use never loses a module.
        .for("key share");
      if (!plan) throw new LicensingError("INVALID", `There is no plan named "${c.plan}".`);
      const rows = await tx
        .select({ pm: planModules, key: modules.key })
        .from(planModules)
        .innerJoin(modules, eq(modules.id, planModules.moduleId))
        .where(eq(planModules.planId, plan.id));
      template = new Map(rows.map((r) => [r.key, { ...r.pm, key: r.key }]));
    }
    const requested: ContractPool[] = c.pools.length ? c.pools : [...template.keys()].map((module) => ({ module }));
    if (requested.length === 0) throw new LicensingError("INVALID", "A contract needs at least one pool (or a plan).");
    const keys = requested.map((p) => p.module);
    if (new Set(keys).size !== keys.length) throw new LicensingError("INVALID", "A contract lists each module once.");
    const found = await tx.select().from(modules).where(inArray(modules.key, keys));
    const byKey = new Map(found.map((m) => [m.key, m]));
    const missing = keys.filter((k) => !byKey.has(k));
    if (missing.length) throw new LicensingError("INVALID", `Unknown module: ${missing.join(", ")}.`, { missing });

    const days = await contractInstants(tx, org.timeZone, { startsAt: c.startsAt, endsAt: c.endsAt });
    const startsAt = days.startsAt ?? new Date();
    const endsAt = days.endsAt ?? null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime())
      throw new LicensingError("INVALID", "The end date must be after the start date.");

    const currency = c.currency ?? plan?.currency ?? null;
    const pools = requested.map((p) => {
      const mod = byKey.get(p.module)!;
      const t = template.get(p.module);
      const pricePerLicense = contractPoolPrice(mod.name, p, t, currency, plan?.currency ?? null);
      const model = p.model ?? t?.model;
      const capacity = p.capacity ?? t?.includedCapacity;
      if (!model || capacity === undefined) {
        throw new LicensingError(
          "INVALID",
          `${mod.name}: give the pool's model and capacity (the plan does not include this module).`,
        );
      }
      const minCapacity = p.minCapacity ?? t?.includedCapacity ?? 0;
      const maxCapacity = p.maxCapacity === undefined ? (t?.maxCapacity ?? null) : p.maxCapacity;
      if (maxCapacity !== null && maxCapacity < minCapacity)
        throw new LicensingError("INVALID", `${mod.name}: the maximum capacity cannot be below the minimum.`);
      if (capacity < minCapacity || (maxCapacity !== null && capacity > maxCapacity)) {
        throw new LicensingError(
          "INVALID",
          `${mod.name}: the capacity must be between ${minCapacity} and ${maxCapacity ?? "any number"}.`,
        );
      }
      return {
        organizationId: c.organizationId,
        moduleId: mod.id,
        model,
        capacity,
        minCapacity,
        maxCapacity,
        overagePercent: p.overagePercent,
        activationsPerLicense: p.activationsPerLicense ?? t?.activationsPerLicense,
        extraActivations: p.extraActivations,
        apiConnectsPerLicense: p.apiConnectsPerLicense ?? t?.apiConnectsPerLicense,
        extraApiConnects: p.extraApiConnects,
        heartbeatSeconds: p.heartbeatSeconds ?? t?.heartbeatSeconds,
        leaseDays: p.leaseDays ?? t?.leaseDays,
        warningThresholdPercent: p.warningThresholdPercent,
        pricePerLicense,
      };
    });

    if (!endsAt || endsAt.getTime() > Date.now())
      await assertNoOverlap(
        tx,
        org.timeZone,
        c.organizationId,
        pools.map((p) => p.moduleId),
        { startsAt, endsAt },
        null,
      );

    const [contract] = await tx
      .insert(contracts)
      .values({ organizationId: c.organizationId, planId: plan?.id ?? null, startsAt, endsAt, currency })
      .returning();
    const created = await tx
      .insert(licensePools)
      .values(pools.map((p) => ({ ...p, contractId: contract!.id })))
      .returning();
    const result = {
      ...contract!,
      plan: plan?.name ?? null,
      pools: created.map((p) => ({ ...p, module: keyOf(found, p.moduleId) })),
    };
    await recordAudit(tx, actor, {
      organizationId: c.organizationId,
      action: "contract.create",
      targetType: "contract",
      targetId: contract!.id,
      after: result,
    });
    return result;
  });
}

type ContractPool = z.output<typeof contractPoolInput>;

/**
 * A new pool's price per licence: the one given, else the plan's list price, which is only taken
 * when the contract is in the plan's currency (a price is never converted). A price needs a currency.
 */
function contractPoolPrice(
  moduleName: string,
  pool: ContractPool,
  template: { pricePerLicense: number | null } | undefined,
  currency: string | null,
  planCurrency: string | null,
) {
  const listPrice = template?.pricePerLicense ?? null;
  const price =
    pool.pricePerLicense !== undefined ? pool.pricePerLicense : currency === planCurrency ? listPrice : null;
  if (price !== null && !currency)
    throw new LicensingError("INVALID", `${moduleName}: give the contract's currency (such as EUR) to set a price.`);
  return price;
}

const keyOf = (mods: { id: string; key: string }[], moduleId: string) => mods.find((m) => m.id === moduleId)!.key;

/**
 * Rule 20: no two active contracts of one organization cover the same module on the same day.
 * Ranges are [startsAt, endsAt) instants (endsAt null: perpetual), so a renewal starting the day
 * after the last day of the contract it renews does not overlap it.
 */
async function assertNoOverlap(
  tx: Tx,
  timeZone: string,
  organizationId: string,
  moduleIds: string[],
  range: { startsAt: Date; endsAt: Date | null },
  exceptContractId: string | null,
) {
  const clash = await tx
    .select({
      contractId: contracts.id,
      moduleName: modules.name,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
    })
    .from(licensePools)
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(
      and(
        eq(licensePools.organizationId, organizationId),
        inArray(licensePools.moduleId, moduleIds),
        eq(contracts.status, "active"),
        range.endsAt ? lt(contracts.startsAt, range.endsAt) : undefined,
        or(isNull(contracts.endsAt), gt(contracts.endsAt, range.startsAt)),
        exceptContractId ? ne(contracts.id, exceptContractId) : undefined,
      ),
    )
    .orderBy(contracts.startsAt);
  if (clash.length) {
    const first = clash[0]!;
    const names = [...new Set(clash.map((c) => c.moduleName))].join(", ");
    const until = first.endsAt ? `through ${lastDayIn(first.endsAt, timeZone)}` : "with no end date";
    throw new LicensingError(
      "INVALID",
      `${names} is already licensed to this organization by another contract from ${dayIn(first.startsAt, timeZone)} ${until}; contracts for one module may not overlap.`,
      { contractIds: [...new Set(clash.map((c) => c.contractId))] },
    );
  }
}

/**
 * Changes a contract's status or end date. A contract that stops being in force (suspended,
 * expired, or an end date now past) ends its live sessions with reason contract_inactive
 * (rule 13) and their seats return to the pools.
 */
export async function updateContract(
  db: Database,
  actor: Actor,
  contractId: string,
  input: ContractUpdateInput,
  scope: Scope,
) {
  const patch = parseInput(contractUpdateInput, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for("update");
    if (!before) throw new LicensingError("NOT_FOUND", "That contract was not found.");
    assertInScope(scope, before.organizationId, "That contract");
    const [org] = await tx
      .select({ timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, before.organizationId))
      .for("no key update");

    const days = await contractInstants(tx, org!.timeZone, { endsAt: patch.endsAt });
    const next = {
      status: patch.status ?? before.status,
      startsAt: before.startsAt,
      endsAt: days.endsAt === undefined ? before.endsAt : days.endsAt,
      currency: patch.currency === undefined ? before.currency : patch.currency,
    };
    if (next.currency === null && before.currency !== null) {
      const [priced] = await tx
        .select({ id: licensePools.id })
        .from(licensePools)
        .where(and(eq(licensePools.contractId, contractId), isNotNull(licensePools.pricePerLicense)))
        .limit(1);
      if (priced)
        throw new LicensingError("INVALID", "This contract's pools have prices: remove them before its currency.");
    }
    if (next.endsAt && next.endsAt.getTime() <= before.startsAt.getTime())
      throw new LicensingError("INVALID", "The end date must be after the start date.");
    const isInForce = effectiveStatus(next) === "active";
    const widened =
      (next.status === "active" && before.status !== "active") ||
      (next.endsAt?.getTime() ?? Infinity) > (before.endsAt?.getTime() ?? Infinity);
    if (next.status === "active" && widened) {
      const moduleIds = (
        await tx.select({ id: licensePools.moduleId }).from(licensePools).where(eq(licensePools.contractId, contractId))
      ).map((r) => r.id);
      if (moduleIds.length)
        await assertNoOverlap(tx, org!.timeZone, before.organizationId, moduleIds, next, contractId);
    }
    const [after] = await tx.update(contracts).set(next).where(eq(contracts.id, contractId)).returning();
    const ended = isInForce
      ? []
      : await endLiveSessions(tx, eq(endingSession.contractId, contractId), "contract_inactive");
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "contract.update",
      targetType: "contract",
      targetId: contractId,
      before: { status: before.status, endsAt: before.endsAt, currency: before.currency },
      after: { status: after!.status, endsAt: after!.endsAt, currency: after!.currency, sessionsEnded: ended.length },
    });
    if (after!.status !== before.status) await notifyRevocation(tx, { contractId });
    return { ...after!, effectiveStatus: effectiveStatus(after!), sessionsEnded: ended.length };
  });
}
