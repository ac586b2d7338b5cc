import "server-only";
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { licensePools, modules } from "@/db/schema";
import type { Database } from "@/db/client";
import { scheduledDecreaseInput } from "@/lib/validation/licensing";
import { systemActor, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { assertWithinBounds, belowUsage, holdingsAboveLimits, lockPool } from "./capacity";
import { recordDenial, transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { parseInput, VENDOR, type Scope } from "./input";

// A capacity decrease may wait for the contract's renewal (end) date instead of happening now
// (rule 4): it is scheduled, changed or cancelled until then, and applied (or refused, when the
// pool still holds too much) by the background job once due.

/**
 * Schedules a capacity decrease for the contract's end (renewal) date, or changes the one already
 * scheduled to this capacity.
 */
export async function scheduleCapacityDecrease(
  db: Database,
  actor: Actor,
  contractId: string,
  moduleKey: string,
  capacity: number,
  scope: Scope,
) {
  const input = parseInput(scheduledDecreaseInput, { capacity });
  return transactRecordingDenials(db, actor, async (tx) => {
    const locked = await lockPool(tx, contractId, moduleKey, scope);
    const { pool, contract } = locked;
    if (!contract.endsAt)
      throw new LicensingError(
        "INVALID",
        "This contract is perpetual: it has no renewal date to schedule a decrease for.",
      );
    if (input.capacity >= pool.capacity) {
      throw new LicensingError(
        "INVALID",
        `${locked.moduleName}: a scheduled decrease must be below the current capacity of ${pool.capacity}.`,
      );
    }
    assertWithinBounds(locked, input.capacity, pool.minCapacity, pool.maxCapacity);
    const [after] = await tx
      .update(licensePools)
      .set({ scheduledCapacity: input.capacity, scheduledCapacityAt: contract.endsAt, updatedAt: new Date() })
      .where(eq(licensePools.id, pool.id))
      .returning();
    const isChange = pool.scheduledCapacity !== null;
    await recordAudit(tx, actor, {
      organizationId: pool.organizationId,
      action: isChange ? "pool.scheduledDecreaseChanged" : "pool.scheduleDecrease",
      targetType: "license_pool",
      targetId: pool.id,
      before: isChange
        ? { scheduledCapacity: pool.scheduledCapacity, scheduledCapacityAt: pool.scheduledCapacityAt }
        : { capacity: pool.capacity, scheduledCapacity: null },
      after: { scheduledCapacity: input.capacity, scheduledCapacityAt: contract.endsAt },
    });
    return { ...after!, module: locked.moduleKey, moduleName: locked.moduleName };
  });
}

/** Cancels the pool's scheduled decrease: the capacity stays as it is at renewal. */
export async function cancelScheduledDecrease(
  db: Database,
  actor: Actor,
  contractId: string,
  moduleKey: string,
  scope: Scope,
) {
  return db.transaction(async (tx) => {
    const locked = await lockPool(tx, contractId, moduleKey, scope);
    const { pool } = locked;
    if (pool.scheduledCapacity === null)
      throw new LicensingError("NOT_FOUND", `${locked.moduleName} has no scheduled decrease to cancel.`);
    const [after] = await tx
      .update(licensePools)
      .set({ scheduledCapacity: null, scheduledCapacityAt: null, updatedAt: new Date() })
      .where(eq(licensePools.id, pool.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: pool.organizationId,
      action: "pool.scheduledDecreaseCancelled",
      targetType: "license_pool",
      targetId: pool.id,
      before: { scheduledCapacity: pool.scheduledCapacity, scheduledCapacityAt: pool.scheduledCapacityAt },
      after: { capacity: pool.capacity, scheduledCapacity: null },
    });
    return { ...after!, module: locked.moduleKey, moduleName: locked.moduleName };
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
      const locked = await lockPool(tx, contractId, moduleKey, VENDOR);
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
