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

type PoolNumbers = Pick<
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
      label: "seats",
      held,
      limit: limits.seats,
      holders: holders.map((u) => ({ type: "user", id: u.id, label: u.username })),
    });
  } else {
    const held = (await liveSessionWeights(ex, [pool.id], now)).get(pool.id) ?? 0;
    const holders = held ? await sessionHolders(ex, pool.id, holdersLimit) : [];
    holdings.push({
      kind: "sessions",
      label: "sessions",
      held,
      limit: limits.seats,
      holders: holders.map((s) => ({ type: "session", ...s })),
    });
  }
  const devices = (await liveActivations(ex, [pool.id], now)).get(pool.id) ?? 0;
  const deviceHolders = devices ? await activationHolders(ex, pool.id, holdersLimit) : [];
  holdings.push({
    kind: "activations",
    label: "device activations",
    held: devices,
    limit: limits.activations,
    holders: deviceHolders.map((a) => ({ type: "activation", ...a })),
  });
  const used = (await apiConnectsUsed(ex, [pool.id])).get(pool.id) ?? 0;
  holdings.push({
    kind: "apiConnects",
    label: "API connects this month",
    held: used,
    limit: limits.apiConnects,
    holders: [],
  });
  return holdings;
}
