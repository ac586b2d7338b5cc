import "server-only";
import { and, eq } from "drizzle-orm";
import { contracts, licensePools, modules, type LicensePool } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import { moduleKey as moduleKeyInput, poolUpdateInput, type PoolUpdateInput } from "@/lib/validation/licensing";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { refusal, transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { floatingSettingsChange } from "./floating";
import { assertInScope, parseInput, type Scope } from "./input";
import { holdingsOverLimits, poolHoldings, type Holding, type PoolNumbers } from "./holdings";

export type LockedPool = {
  pool: LicensePool;
  moduleKey: string;
  moduleName: string;
  contract: typeof contracts.$inferSelect;
};

/** Locks one pool of a contract (FOR UPDATE) so capacity changes and seat takers queue behind each other. */
export async function lockPool(tx: Tx, contractId: string, moduleKey: string, scope: Scope): Promise<LockedPool> {
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

export function belowUsage(locked: LockedPool, over: (Holding & { mustFree: number })[]) {
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

export function assertWithinBounds(locked: LockedPool, capacity: number, min: number, max: number | null) {
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
  scope: Scope,
) {
  const patch = parseInput(poolUpdateInput, input);
  return transactRecordingDenials(db, actor, async (tx) => {
    const locked = await lockPool(tx, contractId, moduleKey, scope);
    const before = locked.pool;
    const floating = await floatingSettingsChange(tx, before, locked.moduleName, patch);
    if (before.model === "concurrent" && patch.autoReclaimDays != null)
      throw new LicensingError(
        "INVALID",
        `${locked.moduleName} is a concurrent pool: auto-reclaim applies to named seats only.`,
        { fields: ["autoReclaimDays"] },
      );
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
