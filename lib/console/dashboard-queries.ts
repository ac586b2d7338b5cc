import "server-only";
import { and, eq, gt, gte, isNotNull, max, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, denials, plans, sessions, usageSamples } from "@/db/schema";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { holdersBeyondLimit, type OverHolder } from "./over-limit-queries";
import { poolUsages, type HoldingState, type PoolState, type PoolUsage } from "@/lib/licensing/usage";

// The organization dashboard's data: what every pool in force holds now, plus the figures around
// it (live sessions, today's peak, denials of the last 24 h, the contract). Plain JSON values
// (ISO strings, no Date), so the server render and the polling route handler hand the client the
// same shape.

export type DashboardPool = {
  poolId: string;
  module: string;
  moduleName: string;
  model: PoolUsage["model"];
  /** The worst state of every holding (seats, devices, API connects). */
  state: PoolState;
  /** The seats' own state, for the bar. */
  seatState: PoolState;
  holdings: HoldingState[];
  inUse: number;
  capacity: number;
  limit: number;
  overagePercent: number;
  warningThresholdPercent: number;
  activations: PoolUsage["activations"];
  apiConnects: Pick<PoolUsage["apiConnects"], "limit" | "used" | "period">;
  liveSessions: number;
  todayPeak: number;
  denials24h: number;
  contract: {
    id: string;
    plan: string | null;
    status: PoolUsage["contractStatus"];
    endsAt: string | null;
    daysToEnd: number | null;
  };
};

export type DashboardAlert = Pick<
  DashboardPool,
  "poolId" | "module" | "moduleName" | "model" | "state" | "holdings" | "inUse" | "limit" | "warningThresholdPercent"
> & {
  /** Rule 5: who is beyond the limit of an over-limit pool, most recently granted first. */
  overHolders: OverHolder[];
};

export type DashboardData = {
  organizationId: string;
  pools: DashboardPool[];
  alerts: DashboardAlert[];
  generatedAt: string;
};

const alertOrder: Record<PoolState, number> = { over: 0, full: 1, warning: 2, normal: 3 };
const DAY_MS = 86_400_000;

/** Whole days until the end date, rounded up (an end later today is 1 day); null for perpetual contracts. */
export function daysUntil(endsAt: Date | null, now: Date): number | null {
  if (!endsAt) return null;
  return Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS));
}

/**
 * Everything the dashboard shows for one organization, in five set-based queries run together;
 * each reads by organization or by the organization's pools, on an index.
 */
export async function dashboardData(db: Database, organizationId: string, now = new Date()): Promise<DashboardData> {
  const [usages, contractRows, liveRows, peakRows, denialRows] = await Promise.all([
    poolUsages(db, { organizationId }),
    db
      .select({ id: contracts.id, plan: plans.name, endsAt: contracts.endsAt })
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(eq(contracts.organizationId, organizationId)),
    db
      .select({ poolId: sessions.poolId, n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(and(eq(sessions.organizationId, organizationId), sessionIsLive))
      .groupBy(sessions.poolId),
    // Today in UTC, like every date of the console.
    db
      .select({ poolId: usageSamples.poolId, peak: max(usageSamples.peakInUse) })
      .from(usageSamples)
      // By organization and time (usage_samples_organization_bucket_idx): a subquery of the
      // organization's pools made the planner scan a year of every pool's samples.
      .where(
        and(
          eq(usageSamples.organizationId, organizationId),
          gte(usageSamples.bucket, sql`date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`),
        ),
      )
      .groupBy(usageSamples.poolId),
    db
      .select({ poolId: denials.poolId, n: sql<number>`count(*)::int` })
      .from(denials)
      .where(
        and(
          eq(denials.organizationId, organizationId),
          isNotNull(denials.poolId),
          gt(denials.createdAt, sql`now() - interval '24 hours'`),
        ),
      )
      .groupBy(denials.poolId),
  ]);

  const contractOf = new Map(contractRows.map((c) => [c.id, c]));
  const live = new Map(liveRows.map((r) => [r.poolId, Number(r.n)]));
  const peak = new Map(peakRows.map((r) => [r.poolId, Number(r.peak ?? 0)]));
  const denied = new Map(denialRows.map((r) => [r.poolId, Number(r.n)]));

  const pools = usages
    .filter((p) => p.contractStatus === "active")
    .map((p): DashboardPool => {
      const contract = contractOf.get(p.contractId);
      return {
        poolId: p.poolId,
        module: p.module,
        moduleName: p.moduleName,
        model: p.model,
        state: p.state,
        seatState: p.seatState,
        holdings: p.holdings,
        inUse: p.inUse,
        capacity: p.capacity,
        limit: p.limit,
        overagePercent: p.overagePercent,
        warningThresholdPercent: p.warningThresholdPercent,
        activations: p.activations,
        apiConnects: { limit: p.apiConnects.limit, used: p.apiConnects.used, period: p.apiConnects.period },
        liveSessions: live.get(p.poolId) ?? 0,
        // The samples lag by up to 15 s: what is held right now may be higher.
        todayPeak: Math.max(peak.get(p.poolId) ?? 0, p.inUse),
        denials24h: denied.get(p.poolId) ?? 0,
        contract: {
          id: p.contractId,
          plan: contract?.plan ?? null,
          status: p.contractStatus,
          endsAt: contract?.endsAt?.toISOString() ?? null,
          daysToEnd: daysUntil(contract?.endsAt ?? null, now),
        },
      };
    });

  const alerting = pools
    .filter((p) => p.state !== "normal")
    .sort(
      (a, b) =>
        alertOrder[a.state] - alertOrder[b.state] || b.inUse / Math.max(1, b.limit) - a.inUse / Math.max(1, a.limit),
    )
    .map(({ poolId, module, moduleName, model, state, holdings, inUse, limit, warningThresholdPercent }) => ({
      poolId,
      module,
      moduleName,
      model,
      state,
      holdings,
      inUse,
      limit,
      warningThresholdPercent,
    }));
  const alerts = await Promise.all(
    alerting.map(async (a) => ({
      ...a,
      overHolders: a.inUse > a.limit ? await holdersBeyondLimit(db, { ...a, organizationId }, a.inUse - a.limit) : [],
    })),
  );

  return { organizationId, pools, alerts, generatedAt: now.toISOString() };
}
