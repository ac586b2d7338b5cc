import "server-only";
import { and, eq, gt, gte, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, denials, plans, usageDaily, usageSamples } from "@/db/schema";
import { excluded } from "@/db/sql";
import { rangeStart } from "@/lib/reports/ranges";
import { reachedCapacity, utcDay } from "@/lib/reports/sampling";
import { floatingOf, queueByPool, sessionFiguresByPool, type PoolFloating } from "./floating-queries";
import { holdersBeyondLimit, overBy, OVER_HOLDERS_SHOWN, type OverHolder } from "./over-limit-queries";
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
  /** The last 24 hours for the card's sparkline. */
  lastDay: DayTrace;
  /** Rule 25 on a concurrent pool: the queue, idle sessions, seats reclaimable now; null on named pools. */
  floating: PoolFloating | null;
  contract: {
    id: string;
    plan: string | null;
    status: PoolUsage["contractStatus"];
    endsAt: string | null;
    daysToEnd: number | null;
  };
};

/**
 * The peak in use of each ten-minute bucket of the last 24 hours (144, oldest first, the first
 * starting at `from`), null where nothing was sampled; the current bucket also counts what is
 * held right now, so the line moves with the card's figure rather than a minute behind it.
 */
export type DayTrace = { from: string; peaks: (number | null)[] };
const TRACE_BUCKET_MS = 600_000;

export type DashboardAlert = Pick<
  DashboardPool,
  "poolId" | "module" | "moduleName" | "model" | "state" | "holdings" | "inUse" | "limit" | "warningThresholdPercent"
> & {
  /** Rule 5: who is beyond the limit of an over-limit pool, most recently granted first (the first OVER_HOLDERS_SHOWN). */
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
 * Everything the dashboard shows for one organization, in six set-based queries run together;
 * each reads by organization or by the organization's pools, on an index. The live-session
 * count and idleness are one aggregate over the unended sessions; the queue is one more.
 */
export async function dashboardData(db: Database, organizationId: string, now = new Date()): Promise<DashboardData> {
  const traceFrom = rangeStart("24h", now);
  const [usages, contractRows, sessionFigures, queue, denialRows, traceRows] = await Promise.all([
    poolUsages(db, { organizationId }),
    db
      .select({ id: contracts.id, plan: plans.name, endsAt: contracts.endsAt })
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(eq(contracts.organizationId, organizationId)),
    sessionFiguresByPool(db, organizationId),
    queueByPool(db, organizationId),
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
    lastDayPeaks(db, organizationId, traceFrom),
  ]);

  const contractOf = new Map(contractRows.map((c) => [c.id, c]));
  const inForce = usages.filter((p) => p.contractStatus === "active");
  const peak = await raiseTodaysPeaks(db, inForce);
  const denied = new Map(denialRows.map((r) => [r.poolId, Number(r.n)]));
  const traces = new Map<string, (number | null)[]>();
  for (const r of traceRows) {
    const peaks = traces.get(r.poolId) ?? traces.set(r.poolId, Array(144).fill(null)).get(r.poolId)!;
    const i = Math.floor((r.t.getTime() - traceFrom.getTime()) / TRACE_BUCKET_MS);
    if (i >= 0 && i < peaks.length) peaks[i] = Number(r.peak);
  }

  const pools = inForce.map((p): DashboardPool => {
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
      liveSessions: sessionFigures.get(p.poolId)?.live ?? 0,
      todayPeak: Math.max(peak.get(p.poolId) ?? 0, p.inUse),
      denials24h: denied.get(p.poolId) ?? 0,
      lastDay: { from: traceFrom.toISOString(), peaks: withNow(traces.get(p.poolId), p.inUse) },
      floating: p.model === "concurrent" ? floatingOf(p.poolId, sessionFigures, queue) : null,
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
      overHolders: await holdersBeyondLimit(db, { ...a, organizationId }, overBy(a), OVER_HOLDERS_SHOWN),
    })),
  );

  return { organizationId, pools, alerts, generatedAt: now.toISOString() };
}

/**
 * Each pool's peak per ten-minute bucket since `from`, in one query for the whole organization: a
 * range of the (organization_id, bucket) index, at most 1,440 one-minute rows a pool, grouped in SQL.
 */
function lastDayPeaks(db: Database, organizationId: string, from: Date) {
  const bucket = sql`date_bin('10 minutes', ${usageSamples.bucket}, timestamptz '2000-01-01 00:00:00+00')`.mapWith(
    usageSamples.bucket,
  );
  return db
    .select({ poolId: usageSamples.poolId, t: bucket, peak: sql<number>`max(${usageSamples.peakInUse})::int` })
    .from(usageSamples)
    .where(and(eq(usageSamples.organizationId, organizationId), gte(usageSamples.bucket, from)))
    .groupBy(usageSamples.poolId, bucket);
}

/** The trace with what is held now folded into its last (current) bucket. */
function withNow(peaks: (number | null)[] | undefined, inUse: number) {
  const out = peaks ?? Array<number | null>(144).fill(null);
  out[out.length - 1] = Math.max(out[out.length - 1] ?? 0, inUse);
  return out;
}

/**
 * Today's peak per pool, which never goes down within a day: what is held now is folded into the
 * day's roll-up (usage_daily, UTC day) with GREATEST, and the stored peak is what is shown. The
 * one-minute samples lag by up to 15 s, so a peak seen between two samples would otherwise be
 * shown and then forgotten. A row made here has no samples yet: the history's average ignores it.
 */
async function raiseTodaysPeaks(db: Database, pools: PoolUsage[]) {
  if (pools.length === 0) return new Map<string, number>();
  const rows = await db
    .insert(usageDaily)
    .values(
      pools.map((p) => ({
        organizationId: p.organizationId,
        poolId: p.poolId,
        day: utcDay(sql`now()`),
        capacity: p.capacity,
        peakInUse: p.inUse,
        inUseSum: 0,
        samples: 0,
        atLimit: p.capacity > 0 && p.inUse >= p.capacity,
      })),
    )
    .onConflictDoUpdate({
      target: [usageDaily.poolId, usageDaily.day],
      set: {
        peakInUse: sql`greatest(${usageDaily.peakInUse}, ${excluded(usageDaily.peakInUse)})`,
        atLimit: sql`${usageDaily.atLimit} or ${reachedCapacity(excluded(usageDaily.peakInUse), excluded(usageDaily.capacity))}`,
      },
    })
    .returning({ poolId: usageDaily.poolId, peak: usageDaily.peakInUse });
  return new Map(rows.map((r) => [r.poolId, r.peak]));
}
