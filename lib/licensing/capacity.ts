import "server-only";
import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { contracts, licensePools, modules, sessions, users, type LicensePool } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import { moduleKey as moduleKeyInput, poolUpdateInput, type PoolUpdateInput } from "@/lib/validation/licensing";
import { systemActor, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { seatHolders, seatsByModule } from "./consumption";
import { recordDenial, refusal, transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { assertInScope, parseInput, type Scope } from "./input";
import { effectiveStatus } from "./limits";

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

export type SeatHolder = { type: "user" | "session"; id: string; label: string };

/** What a pool holds right now, from the rows, and a short list of who holds it. */
export async function currentUse(tx: Tx, locked: LockedPool): Promise<{ inUse: number; holders: SeatHolder[] }> {
  const { pool } = locked;
  if (pool.model === "named") {
    if (effectiveStatus(locked.contract) !== "active") return { inUse: 0, holders: [] };
    const inUse = (await seatsByModule(tx, pool.organizationId, [pool.moduleId])).get(pool.moduleId) ?? 0;
    const holders = await seatHolders(tx, pool.organizationId, pool.moduleId, 10);
    return { inUse, holders: holders.map((u) => ({ type: "user", id: u.id, label: u.username })) };
  }
  const live = and(
    eq(sessions.poolId, pool.id),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, sql`clock_timestamp()`),
  );
  const [sum] = await tx
    .select({ held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int` })
    .from(sessions)
    .where(live);
  const list = await tx
    .select({ id: sessions.id, deviceId: sessions.deviceId, username: users.username, weight: sessions.weight })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(live)
    .orderBy(asc(sessions.startedAt))
    .limit(10);
  return {
    inUse: Number(sum?.held ?? 0),
    holders: list.map((s) => ({
      type: "session",
      id: s.id,
      label: `${s.username ?? "anonymous"} on ${s.deviceId}${s.weight > 1 ? ` (weight ${s.weight})` : ""}`,
    })),
  };
}

function belowUsage(locked: LockedPool, capacity: number, use: { inUse: number; holders: SeatHolder[] }) {
  const mustFree = use.inUse - capacity;
  return refusal(
    "CAPACITY_BELOW_USAGE",
    `${locked.moduleName}: ${use.inUse} licences are in use, so the capacity cannot go below ${use.inUse}; free ${mustFree} first.`,
    { inUse: use.inUse, mustFree, holders: use.holders },
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
    const min = patch.minCapacity ?? before.minCapacity;
    const max = patch.maxCapacity === undefined ? before.maxCapacity : patch.maxCapacity;
    if (max !== null && max < min)
      throw new LicensingError("INVALID", `${locked.moduleName}: the maximum capacity cannot be below the minimum.`);
    if (patch.capacity !== undefined && patch.capacity !== before.capacity) {
      assertWithinBounds(locked, patch.capacity, min, max);
      if (patch.capacity < before.capacity) {
        const use = await currentUse(tx, locked);
        if (patch.capacity < use.inUse) throw belowUsage(locked, patch.capacity, use);
      }
    }
    const [after] = await tx
      .update(licensePools)
      .set({ ...patch, updatedAt: new Date() })
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
      const use = await currentUse(tx, locked);
      const clear = { scheduledCapacity: null, scheduledCapacityAt: null, updatedAt: new Date() };
      if (target < use.inUse) {
        await tx.update(licensePools).set(clear).where(eq(licensePools.id, pool.id));
        await recordAudit(tx, systemActor, {
          organizationId: pool.organizationId,
          action: "pool.scheduledDecreaseRefused",
          targetType: "license_pool",
          targetId: pool.id,
          before: { scheduledCapacity: target },
          after: { capacity: pool.capacity, inUse: use.inUse },
        });
        return { poolId: pool.id, error: belowUsage(locked, target, use), locked };
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
