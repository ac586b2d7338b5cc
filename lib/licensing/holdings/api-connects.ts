import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { apiConnectUsage, licensePools } from "@/db/schema";
import type { Executor } from "@/db/client";

// API connects (rule 12), written once: what a pool holds is this calendar month's (UTC) used
// count; the quota is capacity × API connects per licence + extra API connects.

type ApiNumbers = { capacity: number; apiConnectsPerLicense: number; extraApiConnects: number };

export const apiConnectLimit = (p: ApiNumbers) => p.capacity * p.apiConnectsPerLicense + p.extraApiConnects;
export const apiConnectLimitSql: SQL = sql`(${licensePools.capacity}::bigint * ${licensePools.apiConnectsPerLicense} + ${licensePools.extraApiConnects})`;

/** The API-connect period of a moment: "YYYY-MM", the stored first day, and when it resets. */
export function apiPeriod(now = new Date()) {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const period = `${y}-${String(m + 1).padStart(2, "0")}`;
  return { period, periodStart: `${period}-01`, resetsAt: new Date(Date.UTC(y, m + 1, 1)).toISOString() };
}

/** This month's used API connects of these pools, poolId → used. */
export async function apiConnectsUsed(ex: Executor, poolIds: string[], now = new Date()) {
  if (poolIds.length === 0) return new Map<string, number>();
  const rows = await ex
    .select({ poolId: apiConnectUsage.poolId, used: apiConnectUsage.used })
    .from(apiConnectUsage)
    .where(and(inArray(apiConnectUsage.poolId, poolIds), eq(apiConnectUsage.period, apiPeriod(now).periodStart)));
  return new Map(rows.map((r) => [r.poolId, r.used]));
}
