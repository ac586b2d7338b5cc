import "server-only";
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { contracts, licensePools, modules, type LicensePool } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import { moduleKey as moduleKeyInput, poolUpdateInput, type PoolUpdateInput } from "@/lib/validation/licensing";
import { systemActor, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { recordDenial, refusal, transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { floatingSettingsChange } from "./floating";
import { assertInScope, parseInput, type Scope } from "./input";
import { holdingsOverLimits, poolHoldings, type Holding, type PoolNumbers } from "./holdings";

type LockedPool = { pool: LicensePool; moduleKey: string; moduleName: string; contract: typeof contracts.$inferSelect };

/** Locks one pool of a contract (FOR UPDATE) so capacity changes and seat takers queue behind each other. */
async function lockPool(tx: Tx, contractId: string, moduleKey: string, scope: Scope): Promise<LockedPool> {
  // From a URL: text that is no module key (a NUL included) names no pool, and never reaches SQL.
  if (!moduleKeyInput.safeParse(moduleKey).success)
    throw new LicensingError("NOT_FOUND", "That contract has no such pool.");
  const [row] = await tx
    .select({ pool: licensePools, moduleKey: modules.key, moduleName: modules.name, contract: contracts })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .where(and(eq(licensePools.contractId, contractId), eq(modules.key, moduleKey)))
    .for("update", { of: licensePools });
  if (!row) throw new LicensingError("NOT_FOUND", `That contract has no ${moduleKey} pool.`);
  assertInScope(scope, row.pool.organizationId, "That contract");
  return row;
}

/**
 * Rules 4 and 19 for a change of a pool's numbers, whatever the contract's status: the holdings it
 * would leave above their new limits (holdingsOverLimits), with who holds them. Call it with the
 * pool row locked.
 */
export async function holdingsAboveLimits(
  tx: Tx,
  locked: LockedPool,
  next: PoolNumbers,
): Promise<(Holding & { mustFree: number })[]> {
  const never = { seats: 0, activations: 0, apiConnects: 0 };
  const infinite = { seats: Infinity, activations: Infinity, apiConnects: Infinity };
  // Nothing lowered: no need to read what the pool holds.
  if (holdingsOverLimits(locked.pool.model, locked.pool, next, infinite).length === 0) return [];
  const holdings = await poolHoldings(tx, locked.pool, locked.contract);
  const held = { ...never };
  for (const h of holdings) held[h.kind === "sessions" ? "seats" : (h.kind as keyof typeof held)] = h.held;
  return holdingsOverLimits(locked.pool.model, locked.pool, next, held).map((o) => ({
    ...holdings.find((h) => h.kind === o.kind)!,
    limit: o.limit,
    mustFree: o.mustFree,
  }));
}

function belowUsage(locked: LockedPool, over: (Holding & { mustFree: number })[]) {
  const [first] = over;
  const parts = over.map((h) => `${h.held} ${h.label} in use, the new limit is ${h.limit}: free ${h.mustFree}`);
  return refusal(
    "CAPACITY_BELOW_USAGE",
    `${locked.moduleName}: ${parts.join("; ")} first.`,
    {
      inUse: first!.held,
      mustFree: first!.mustFree,
      holders: over.flatMap((h) => h.holders),
      holdings: over.map(({ kind, held, limit, mustFree, holders }) => ({ kind, held, limit, mustFree, holders })),
    },
    {
      kind: "capacity",
      organizationId: locked.pool.organizationId,
      contractId: locked.pool.contractId,
      poolId: locked.pool.id,
      moduleId: locked.pool.moduleId,
    },
  );
}

function assertWithinBounds(locked: LockedPool, capacity: number, min: number, max: number | null) {
  if (capacity < min || (max !== null && capacity > max)) {
    throw refusal(
      "CAPACITY_OUT_OF_BOUNDS",
      `${locked.moduleName}: the capacity must be between ${min} and ${max ?? "any number"}.`,
      { min, max },
      {
        kind: "capacity",
        organizationId: locked.pool.organizationId,
        contractId: locked.pool.contractId,
        poolId: locked.pool.id,
        moduleId: locked.pool.moduleId,
      },
    );
  }
}

/**
 * Changes a pool's capacity and allowances (rule 4): capacity stays within the bounds and never
 * goes below what is in use. Lowering a bound itself is allowed (the pool may then show over limit).
 */
export async function updatePool(
  db: Database,
  actor: Actor,
  contractId: string,
  moduleKey: string,
  input: PoolUpdateInput,
  scope?: Scope,
) {
  const patch = parseInput(poolUpdateInput, input);
  return transactRecordingDenials(db, actor, async (tx) => {
    const locked = await lockPool(tx, contractId, moduleKey, scope);
    const before = locked.pool;
    const floating = await floatingSettingsChange(tx, before, locked.moduleName, patch);
    const min = patch.minCapacity ?? before.minCapacity;
    const max = patch.maxCapacity === undefined ? before.maxCapacity : patch.maxCapacity;
    if (max !== null && max < min)
      throw new LicensingError("INVALID", `${locked.moduleName}: the maximum capacity cannot be below the minimum.`);
    if (patch.capacity !== undefined && patch.capacity !== before.capacity)
      assertWithinBounds(locked, patch.capacity, min, max);
    if (patch.pricePerLicense != null && !locked.contract.currency)
      throw new LicensingError(
        "INVALID",
        `${locked.moduleName}: give the contract's currency (such as EUR) before a price.`,
      );
    const over = await holdingsAboveLimits(tx, locked, { ...before, ...patch });
    if (over.length) throw belowUsage(locked, over);
    const [after] = await tx
      .update(licensePools)
      .set({ ...patch, ...floating, updatedAt: new Date() })
      .where(eq(licensePools.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "pool.update",
      targetType: "license_pool",
      targetId: before.id,
      before: pick(before, Object.keys(patch)),
      after: pick(after!, Object.keys(patch)),
    });
    return { ...after!, module: locked.moduleKey, moduleName: locked.moduleName };
  });
}

function pick(row: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/** Schedules a capacity decrease for the contract's end (renewal) date instead of now (rule 4). */
export async function scheduleCapacityDecrease(
  db: Database,
  actor: Actor,
  contractId: string,
  moduleKey: string,
  capacity: number,
  scope?: Scope,
) {
  return transactRecordingDenials(db, actor, async (tx) => {
    const locked = await lockPool(tx, contractId, moduleKey, scope);
    const { pool, contract } = locked;
    if (!contract.endsAt)
      throw new LicensingError(
        "INVALID",
        "This contract is perpetual: it has no renewal date to schedule a decrease for.",
      );
    if (!Number.isInteger(capacity) || capacity >= pool.capacity) {
      throw new LicensingError(
        "INVALID",
        `${locked.moduleName}: a scheduled decrease must be below the current capacity of ${pool.capacity}.`,
      );
    }
    assertWithinBounds(locked, capacity, pool.minCapacity, pool.maxCapacity);
    const [after] = await tx
      .update(licensePools)
      .set({ scheduledCapacity: capacity, scheduledCapacityAt: contract.endsAt, updatedAt: new Date() })
      .where(eq(licensePools.id, pool.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: pool.organizationId,
      action: "pool.scheduleDecrease",
      targetType: "license_pool",
      targetId: pool.id,
      before: { capacity: pool.capacity, scheduledCapacity: pool.scheduledCapacity },
      after: { scheduledCapacity: capacity, scheduledCapacityAt: contract.endsAt },
    });
    return { ...after!, module: locked.moduleKey };
  });
}

/**
 * Applies the scheduled decreases that are due. One still short of seats is refused: a denial
 * row says so, the schedule is cleared, and the pool keeps its capacity.
 */
export async function applyDueScheduledChanges(db: Database, now: Date = new Date()) {
  const due = await db
    .select({ contractId: licensePools.contractId, moduleKey: modules.key })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(and(isNotNull(licensePools.scheduledCapacity), lte(licensePools.scheduledCapacityAt, now)));
  const applied: string[] = [];
  const refused: { poolId: string; error: LicensingError }[] = [];
  for (const { contractId, moduleKey } of due) {
    const outcome = await db.transaction(async (tx) => {
      const locked = await lockPool(tx, contractId, moduleKey, undefined);
      const { pool } = locked;
      if (pool.scheduledCapacity === null || !pool.scheduledCapacityAt || pool.scheduledCapacityAt > now) return null;
      const target = pool.scheduledCapacity;
      const over = await holdingsAboveLimits(tx, locked, { ...pool, capacity: target });
      const clear = { scheduledCapacity: null, scheduledCapacityAt: null, updatedAt: new Date() };
      if (over.length) {
        await tx.update(licensePools).set(clear).where(eq(licensePools.id, pool.id));
        await recordAudit(tx, systemActor, {
          organizationId: pool.organizationId,
          action: "pool.scheduledDecreaseRefused",
          targetType: "license_pool",
          targetId: pool.id,
          before: { scheduledCapacity: target },
          after: { capacity: pool.capacity, inUse: over[0]!.held },
        });
        return { poolId: pool.id, error: belowUsage(locked, over), locked };
      }
      await tx
        .update(licensePools)
        .set({ ...clear, capacity: target })
        .where(eq(licensePools.id, pool.id));
      await recordAudit(tx, systemActor, {
        organizationId: pool.organizationId,
        action: "pool.scheduledDecreaseApplied",
        targetType: "license_pool",
        targetId: pool.id,
        before: { capacity: pool.capacity },
        after: { capacity: target },
      });
      return { poolId: pool.id, error: null, locked };
    });
    if (!outcome) continue;
    if (outcome.error) {
      const p = outcome.locked.pool;
      await recordDenial(db, systemActor, outcome.error, {
        kind: "capacity",
        organizationId: p.organizationId,
        contractId: p.contractId,
        poolId: p.id,
        moduleId: p.moduleId,
      });
      refused.push({ poolId: outcome.poolId, error: outcome.error });
    } else applied.push(outcome.poolId);
  }
  return { applied, refused };
}
