import { and, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import { contracts, licensePools } from "@/db/schema";

// The limits of a pool, as SQL (for conditional updates, evaluated on the newest row version)
// and as plain numbers (for messages and reports). Keep the two in step.

/**
 * Sessions/seats allowed: floor(capacity × (100 + overage) / 100). Integer division floors. The
 * products are computed in bigint: with the bounds of rule 22 the API-connect quota reaches 10¹²,
 * beyond a 32-bit integer, and no accepted value may make a later request fail.
 */
export const seatLimitSql: SQL = sql`((${licensePools.capacity}::bigint * (100 + ${licensePools.overagePercent})) / 100)`;
export const activationLimitSql: SQL = sql`(${licensePools.capacity}::bigint * ${licensePools.activationsPerLicense} + ${licensePools.extraActivations})`;
export const apiConnectLimitSql: SQL = sql`(${licensePools.capacity}::bigint * ${licensePools.apiConnectsPerLicense} + ${licensePools.extraApiConnects})`;

type PoolNumbers = {
  capacity: number;
  overagePercent: number;
  activationsPerLicense: number;
  extraActivations: number;
  apiConnectsPerLicense: number;
  extraApiConnects: number;
};

export const seatLimit = (p: Pick<PoolNumbers, "capacity" | "overagePercent">) =>
  Math.floor((p.capacity * (100 + p.overagePercent)) / 100);
export const activationLimit = (p: PoolNumbers) => p.capacity * p.activationsPerLicense + p.extraActivations;
export const apiConnectLimit = (p: PoolNumbers) => p.capacity * p.apiConnectsPerLicense + p.extraApiConnects;

/** A contract is in force when its status is active and its end date (if any) is still ahead. */
export const contractInForce: SQL = and(
  eq(contracts.status, "active"),
  or(isNull(contracts.endsAt), gt(contracts.endsAt, sql`now()`)),
)!;

export type EffectiveContractStatus = "active" | "suspended" | "expired";

export function effectiveStatus(
  c: { status: EffectiveContractStatus; endsAt: Date | null },
  now = new Date(),
): EffectiveContractStatus {
  if (c.status === "active" && c.endsAt && c.endsAt.getTime() <= now.getTime()) return "expired";
  return c.status;
}

/** Grace after a lapsed lease before the activation stops counting (rule 11). */
export const LEASE_GRACE_DAYS = 3;
export const leaseGraceInterval = sql.raw(`interval '${LEASE_GRACE_DAYS} days'`);

/** The API-connect period of a moment: "YYYY-MM", the stored first day, and when it resets. */
export function apiPeriod(now = new Date()) {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const period = `${y}-${String(m + 1).padStart(2, "0")}`;
  return { period, periodStart: `${period}-01`, resetsAt: new Date(Date.UTC(y, m + 1, 1)).toISOString() };
}
