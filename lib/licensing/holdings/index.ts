import { sql } from "drizzle-orm";
import type { LicensePool } from "@/db/schema";
import type { Executor } from "@/db/client";
import { apiConnectLimit, apiConnectsUsed } from "./api-connects";
import { effectiveStatus } from "./contract";
import { activationHolders, activationLimit, liveActivations } from "./device-activations";
import { seatHolders, seatLimit, seatsByModule } from "./named-seats";
import { liveSessionWeights, sessionHolders } from "./session-weights";

// What a pool holds, per model, and the limit of each holding: the list every capacity check
// walks. A new model is one file next to these and one entry here.

export type HoldingKind = "seats" | "sessions" | "activations" | "apiConnects";
export type Holder = { type: "user" | "session" | "activation"; id: string; label: string };
export type Holding = { kind: HoldingKind; label: string; held: number; limit: number; holders: Holder[] };

export type PoolNumbers = Pick<
  LicensePool,
  | "capacity"
  | "overagePercent"
  | "activationsPerLicense"
  | "extraActivations"
  | "apiConnectsPerLicense"
  | "extraApiConnects"
>;

/** Every limit of a pool with these numbers. */
export function poolLimits(p: PoolNumbers) {
  return { seats: seatLimit(p), activations: activationLimit(p), apiConnects: apiConnectLimit(p) };
}

export type PoolModel = LicensePool["model"];
export type Over = { kind: HoldingKind; held: number; limit: number; mustFree: number };

/**
 * Rules 4 and 19, as arithmetic shared by the engine and the console's preview: which holdings a
 * change of a pool's numbers from `before` to `next` would leave above their new limits. Seats
 * and sessions may not exceed the new capacity when capacity goes down (rule 4), nor the new limit
 * when it goes down; device activations and this month's API connects may not exceed theirs.
 */
export function holdingsOverLimits(
  model: PoolModel,
  before: PoolNumbers,
  next: PoolNumbers,
  held: { seats: number; activations: number; apiConnects: number },
): Over[] {
  const was = poolLimits(before);
  const will = poolLimits(next);
  const capacityDown = next.capacity < before.capacity;
  const seatBound = capacityDown ? Math.min(will.seats, next.capacity) : will.seats;
  const checks: [HoldingKind, boolean, number, number][] = [
    [model === "named" ? "seats" : "sessions", capacityDown || will.seats < was.seats, held.seats, seatBound],
    ["activations", will.activations < was.activations, held.activations, will.activations],
    ["apiConnects", will.apiConnects < was.apiConnects, held.apiConnects, will.apiConnects],
  ];
  return checks
    .filter(([, lowered, h, limit]) => lowered && h > limit)
    .map(([kind, , h, limit]) => ({ kind, held: h, limit, mustFree: h - limit }));
}

export const holdingLabels: Record<HoldingKind, string> = {
  seats: "seats",
  sessions: "session seats",
  activations: "device activations",
  apiConnects: "API connects this month",
};

type ContractDates = Parameters<typeof effectiveStatus>[0];

/**
 * What one pool holds right now, with up to `holdersLimit` holders of each holding, read at the
 * statement's clock (call it with the pool row locked). Named seats count for a contract that has
 * not ended (suspended included: they hold again on resuming); the rest count whatever the status.
 */
export async function poolHoldings(
  ex: Executor,
  pool: LicensePool,
  contract: ContractDates,
  limits: ReturnType<typeof poolLimits> = poolLimits(pool),
  holdersLimit = 10,
): Promise<Holding[]> {
  const now = sql`clock_timestamp()`;
  const holdings: Holding[] = [];
  if (pool.model === "named") {
    const ended = effectiveStatus(contract) === "expired";
    const held = ended ? 0 : ((await seatsByModule(ex, pool.organizationId, [pool.moduleId])).get(pool.moduleId) ?? 0);
    const holders = held ? await seatHolders(ex, pool.organizationId, pool.moduleId, holdersLimit) : [];
    holdings.push({
      kind: "seats",
      label: holdingLabels.seats,
      held,
      limit: limits.seats,
      holders: holders.map((u) => ({ type: "user", id: u.id, label: u.username })),
    });
  } else {
    const held = (await liveSessionWeights(ex, [pool.id], now)).get(pool.id) ?? 0;
    const holders = held ? await sessionHolders(ex, pool.id, holdersLimit) : [];
    holdings.push({
      kind: "sessions",
      label: holdingLabels.sessions,
      held,
      limit: limits.seats,
      holders: holders.map((s) => ({ type: "session", ...s })),
    });
  }
  const devices = (await liveActivations(ex, [pool.id], now)).get(pool.id) ?? 0;
  const deviceHolders = devices ? await activationHolders(ex, pool.id, holdersLimit) : [];
  holdings.push({
    kind: "activations",
    label: holdingLabels.activations,
    held: devices,
    limit: limits.activations,
    holders: deviceHolders.map((a) => ({ type: "activation", ...a })),
  });
  const used = (await apiConnectsUsed(ex, [pool.id])).get(pool.id) ?? 0;
  holdings.push({
    kind: "apiConnects",
    label: holdingLabels.apiConnects,
    held: used,
    limit: limits.apiConnects,
    holders: [],
  });
  return holdings;
}
