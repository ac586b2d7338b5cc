import "server-only";
import { and, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { contracts, licensePools, modules, profileModules, users } from "@/db/schema";
import type { Database, Executor } from "@/db/client";
import { apiConnectsUsed, apiPeriod } from "./holdings/api-connects";
import { effectiveStatus, type EffectiveContractStatus } from "./holdings/contract";
import { liveActivations } from "./holdings/device-activations";
import { poolLimits } from "./holdings";
import { userMayHoldSeat } from "./holdings/named-seats";
import { liveSessionWeights } from "./holdings/session-weights";
import { poolState, type PoolState } from "./pool-state";

export type { PoolState };

/** One holding of a pool that is at, near or over its limit (seats, sessions, devices, API connects). */
export type HoldingState = {
  kind: "seats" | "sessions" | "activations" | "apiConnects";
  state: Exclude<PoolState, "normal">;
  held: number;
  limit: number;
};
const stateRank: Record<PoolState, number> = { normal: 0, warning: 1, full: 2, over: 3 };

export type PoolUsage = {
  poolId: string;
  contractId: string;
  organizationId: string;
  contractStatus: EffectiveContractStatus;
  module: string;
  moduleName: string;
  model: "named" | "concurrent";
  capacity: number;
  limit: number;
  inUse: number;
  available: number;
  isOverLimit: boolean;
  /** The worst state of every holding (rule 17): a pool whose devices are used up is full too. */
  state: PoolState;
  /** The seats' (or sessions') own state, which the users' "over limit" filter follows. */
  seatState: PoolState;
  /** Each holding that is not normal, worst first. */
  holdings: HoldingState[];
  minCapacity: number;
  maxCapacity: number | null;
  overagePercent: number;
  warningThresholdPercent: number;
  heartbeatSeconds: number;
  leaseDays: number;
  scheduledCapacity: number | null;
  scheduledCapacityAt: Date | null;
  activationsPerLicense: number;
  extraActivations: number;
  apiConnectsPerLicense: number;
  extraApiConnects: number;
  activations: { limit: number; inUse: number };
  apiConnects: { limit: number; used: number; period: string; resetsAt: string };
  /** Price per licence per month in minor units of `currency` (the contract's), or null. */
  pricePerLicense: number | null;
  currency: string | null;
};

/**
 * What every pool holds, computed from the rows (never from the counters): named pools count
 * users under rule 1, concurrent pools sum the weights of sessions whose expiry is still ahead,
 * so a missed heartbeat stops counting at once. A handful of set-based queries for any number
 * of pools and users.
 */
export async function poolUsages(
  db: Database | Executor,
  filter: { organizationId?: string; contractId?: string } = {},
): Promise<PoolUsage[]> {
  const where: SQL[] = [];
  if (filter.organizationId) where.push(eq(licensePools.organizationId, filter.organizationId));
  if (filter.contractId) where.push(eq(licensePools.contractId, filter.contractId));
  const pools = await db
    .select({
      pool: licensePools,
      contractStatus: contracts.status,
      contractStartsAt: contracts.startsAt,
      contractEndsAt: contracts.endsAt,
      currency: contracts.currency,
      moduleKey: modules.key,
      moduleName: modules.name,
    })
    .from(licensePools)
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(and(...where))
    .orderBy(licensePools.organizationId, modules.name, licensePools.createdAt);
  if (pools.length === 0) return [];

  const poolIds = pools.map((p) => p.pool.id);
  const named = pools.filter((p) => p.pool.model === "named");
  const { period, resetsAt } = apiPeriod();

  const [seatRows, sessionHeld, activeDevices, apiUsed] = await Promise.all([
    named.length
      ? seatsPerModule(
          db,
          [...new Set(named.map((p) => p.pool.organizationId))],
          [...new Set(named.map((p) => p.pool.moduleId))],
        )
      : Promise.resolve([]),
    liveSessionWeights(db, poolIds),
    liveActivations(db, poolIds),
    apiConnectsUsed(db, poolIds),
  ]);
  const seats = new Map(seatRows.map((r) => [`${r.organizationId}:${r.moduleId}`, r.seats]));

  return pools.map(({ pool, contractStatus, contractStartsAt, contractEndsAt, currency, moduleKey, moduleName }) => {
    const status = effectiveStatus({ status: contractStatus, startsAt: contractStartsAt, endsAt: contractEndsAt });
    const limits = poolLimits(pool);
    const limit = limits.seats;
    // A named seat belongs to the organization's pool in force; pools of ended contracts hold none.
    const inUse =
      pool.model === "named"
        ? status === "active"
          ? (seats.get(`${pool.organizationId}:${pool.moduleId}`) ?? 0)
          : 0
        : (sessionHeld.get(pool.id) ?? 0);
    const activationsInUse = activeDevices.get(pool.id) ?? 0;
    const apiConnectsUsedNow = apiUsed.get(pool.id) ?? 0;
    const seatState = poolState(inUse, pool.capacity, limit, pool.warningThresholdPercent);
    // Devices and API connects warn at the same threshold of their own limits.
    const held: [HoldingState["kind"], number, number, PoolState][] = [
      [pool.model === "named" ? "seats" : "sessions", inUse, limit, seatState],
      [
        "activations",
        activationsInUse,
        limits.activations,
        poolState(activationsInUse, limits.activations, limits.activations, pool.warningThresholdPercent),
      ],
      [
        "apiConnects",
        apiConnectsUsedNow,
        limits.apiConnects,
        poolState(apiConnectsUsedNow, limits.apiConnects, limits.apiConnects, pool.warningThresholdPercent),
      ],
    ];
    const holdings = held
      .filter((h): h is [HoldingState["kind"], number, number, HoldingState["state"]] => h[3] !== "normal")
      .map(([kind, h, l, state]) => ({ kind, state, held: h, limit: l }))
      .sort((a, b) => stateRank[b.state] - stateRank[a.state]);
    return {
      poolId: pool.id,
      contractId: pool.contractId,
      organizationId: pool.organizationId,
      contractStatus: status,
      module: moduleKey,
      moduleName,
      model: pool.model,
      capacity: pool.capacity,
      limit,
      inUse,
      available: Math.max(0, limit - inUse),
      isOverLimit: inUse > limit,
      state: holdings[0]?.state ?? "normal",
      seatState,
      holdings,
      minCapacity: pool.minCapacity,
      maxCapacity: pool.maxCapacity,
      overagePercent: pool.overagePercent,
      warningThresholdPercent: pool.warningThresholdPercent,
      heartbeatSeconds: pool.heartbeatSeconds,
      leaseDays: pool.leaseDays,
      scheduledCapacity: pool.scheduledCapacity,
      scheduledCapacityAt: pool.scheduledCapacityAt,
      activationsPerLicense: pool.activationsPerLicense,
      extraActivations: pool.extraActivations,
      apiConnectsPerLicense: pool.apiConnectsPerLicense,
      extraApiConnects: pool.extraApiConnects,
      activations: { limit: limits.activations, inUse: activationsInUse },
      apiConnects: { limit: limits.apiConnects, used: apiConnectsUsedNow, period, resetsAt },
      pricePerLicense: pool.pricePerLicense,
      currency,
    };
  });
}

/**
 * Rule 1 seats per organization and module, for reports over whole organizations: the seat
 * holders (userMayHoldSeat, the one definition) are counted per profile first, then spread over
 * the modules each profile grants. Same answer as countSeats, but it reads each user once
 * (an index-only scan of users_seat_holders_idx) instead of once per granted module: 100,000
 * users with three named modules is 100k index entries, not 250k joined heap rows.
 */
async function seatsPerModule(db: Database | Executor, organizationIds: string[], moduleIds: string[]) {
  const holders = db
    .select({ organizationId: users.organizationId, profileId: users.profileId, n: sql<number>`count(*)`.as("n") })
    .from(users)
    .where(and(inArray(users.organizationId, organizationIds), isNotNull(users.profileId), userMayHoldSeat))
    .groupBy(users.organizationId, users.profileId)
    .as("holders");
  const rows = await db
    .select({
      organizationId: holders.organizationId,
      moduleId: profileModules.moduleId,
      seats: sql<number>`sum(${holders.n})::int`,
    })
    .from(holders)
    .innerJoin(profileModules, eq(profileModules.profileId, holders.profileId))
    .where(inArray(profileModules.moduleId, moduleIds))
    .groupBy(holders.organizationId, profileModules.moduleId);
  return rows.map((r) => ({ ...r, seats: Number(r.seats) }));
}
