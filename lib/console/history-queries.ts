import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, denials, licensePools, modules, usageDaily, usageSamples } from "@/db/schema";
import { rangeStart, stepOf, usageRanges, type UsageRange } from "@/lib/reports/ranges";
import { rightSizing, type RightSizing } from "@/lib/reports/right-sizing";
import { reachedCapacity, utcDay } from "@/lib/reports/sampling";

export { usageRanges, type UsageRange };

// Usage history of an organization's pools: 24 hours aggregated in SQL from the one-minute
// samples, 30 days and 12 months read from their daily roll-up (usage_daily, kept by the
// sampler), so a year is 365 rows a pool rather than half a million. Each query reads a range of
// (pool_id, bucket|day) — the tables' primary keys — for the organization's pools only.

export type HistoryPoint = {
  t: string;
  peak: number | null;
  avg: number | null;
  capacity: number | null;
  denials: number;
};
export type PoolHistory = {
  poolId: string;
  module: string;
  moduleName: string;
  model: "named" | "concurrent";
  capacity: number;
  /** Per licence per month in minor units of `currency`, when the contract has prices. */
  pricePerLicense: number | null;
  currency: string | null;
  /** When the pool's contract started: the chart draws no capacity before it. */
  contractStartsAt: string;
  points: HistoryPoint[];
  summary: RightSizing;
};
export type UsageHistory = { range: UsageRange; from: string; to: string; pools: PoolHistory[] };

/**
 * The finest bucket the SQL groups by: 10 minutes for 24 h, a day otherwise (for the samples,
 * the roll-up's own day). Days are rolled up into months here (at most 365 rows a pool), which
 * still tells on which days the pool reached its capacity.
 */
const fineBucketSql = (range: UsageRange, column: typeof usageSamples.bucket | typeof denials.createdAt) =>
  range === "24h"
    ? sql`date_bin('10 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`.mapWith(column)
    : utcDay(sql`${column}`).mapWith(column);

/** The range bucket (UTC) a fine bucket belongs to. */
const rangeBucketOf = (range: UsageRange, t: Date) =>
  range === "12mo" ? new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1)) : t;
const dayOf = (t: Date) => Math.floor(t.getTime() / 86_400_000);

/** Every bucket start of the range, oldest first, so gaps (server not running) show as gaps. */
export function bucketsOf(range: UsageRange, now: Date): Date[] {
  const out: Date[] = [];
  let t = rangeStart(range, now);
  while (t.getTime() <= now.getTime()) {
    out.push(t);
    t = stepOf(range, t);
  }
  return out;
}

export async function usageHistory(
  db: Database,
  organizationId: string,
  range: UsageRange,
  now = new Date(),
): Promise<UsageHistory> {
  const from = rangeStart(range, now);
  const pools = await db
    .select({
      poolId: licensePools.id,
      module: modules.key,
      moduleName: modules.name,
      model: licensePools.model,
      capacity: licensePools.capacity,
      minCapacity: licensePools.minCapacity,
      warningThresholdPercent: licensePools.warningThresholdPercent,
      contractStartsAt: contracts.startsAt,
      pricePerLicense: licensePools.pricePerLicense,
      currency: contracts.currency,
    })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .where(eq(licensePools.organizationId, organizationId))
    .orderBy(asc(modules.name), asc(licensePools.createdAt));
  if (pools.length === 0) return { range, from: from.toISOString(), to: now.toISOString(), pools: [] };
  const poolIds = pools.map((p) => p.poolId);

  const sampleBucket = fineBucketSql(range, usageSamples.bucket);
  const denialBucket = fineBucketSql(range, denials.createdAt);
  const [sampleRows, denialRows] = await Promise.all([
    range === "24h"
      ? db
          .select({
            poolId: usageSamples.poolId,
            t: sampleBucket,
            peak: sql<number>`max(${usageSamples.peakInUse})::int`,
            // Weighted by the samples folded into each minute, so a half-sampled minute counts half.
            avgSum: sql<number>`sum(${usageSamples.avgInUse} * ${usageSamples.samples})::float8`,
            samples: sql<number>`sum(${usageSamples.samples})::int`,
            capacity: sql<number>`max(${usageSamples.capacity})::int`,
            atLimit: sql<boolean>`bool_or(${reachedCapacity(sql`${usageSamples.peakInUse}`, sql`${usageSamples.capacity}`)})`,
          })
          .from(usageSamples)
          .where(and(inArray(usageSamples.poolId, poolIds), gte(usageSamples.bucket, from)))
          .groupBy(usageSamples.poolId, sampleBucket)
      : db
          .select({
            poolId: usageDaily.poolId,
            t: usageDaily.day,
            peak: usageDaily.peakInUse,
            avgSum: usageDaily.inUseSum,
            samples: usageDaily.samples,
            capacity: usageDaily.capacity,
            atLimit: usageDaily.atLimit,
          })
          .from(usageDaily)
          .where(and(inArray(usageDaily.poolId, poolIds), gte(usageDaily.day, from))),
    db
      .select({ poolId: denials.poolId, t: denialBucket, n: sql<number>`count(*)::int` })
      .from(denials)
      .where(and(eq(denials.organizationId, organizationId), isNotNull(denials.poolId), gte(denials.createdAt, from)))
      .groupBy(denials.poolId, denialBucket),
  ]);

  type Acc = { peak: number; avgSum: number; samples: number; capacity: number };
  const key = (poolId: string | null, t: Date) => `${poolId}|${rangeBucketOf(range, t).getTime()}`;
  const samples = new Map<string, Acc>();
  const daysAtLimit = new Map<string, Set<number>>();
  for (const r of sampleRows) {
    const k = key(r.poolId, r.t);
    const acc = samples.get(k);
    const row = {
      peak: Number(r.peak),
      avgSum: Number(r.avgSum),
      samples: Number(r.samples),
      capacity: Number(r.capacity),
    };
    samples.set(
      k,
      acc
        ? {
            peak: Math.max(acc.peak, row.peak),
            avgSum: acc.avgSum + row.avgSum,
            samples: acc.samples + row.samples,
            capacity: Math.max(acc.capacity, row.capacity),
          }
        : row,
    );
    if (r.atLimit) daysAtLimit.set(r.poolId, (daysAtLimit.get(r.poolId) ?? new Set()).add(dayOf(r.t)));
  }
  const denied = new Map<string, number>();
  for (const r of denialRows) denied.set(key(r.poolId, r.t), (denied.get(key(r.poolId, r.t)) ?? 0) + Number(r.n));
  const buckets = bucketsOf(range, now);

  return {
    range,
    from: from.toISOString(),
    to: now.toISOString(),
    pools: pools.map((p) => {
      const points = buckets.map((b): HistoryPoint => {
        const s = samples.get(key(p.poolId, b));
        return {
          t: b.toISOString(),
          peak: s ? Number(s.peak) : null,
          avg: s && s.samples > 0 ? Math.round((s.avgSum / s.samples) * 10) / 10 : null,
          capacity: s ? s.capacity : null,
          denials: denied.get(key(p.poolId, b)) ?? 0,
        };
      });
      const { minCapacity, warningThresholdPercent, contractStartsAt, ...pool } = p;
      const summary = rightSizing(
        range,
        { capacity: p.capacity, minCapacity, warningThresholdPercent, contractStartsAt },
        points,
        {
          daysAtLimit: daysAtLimit.get(p.poolId)?.size ?? 0,
          denials: points.reduce((n, point) => n + point.denials, 0),
          from,
        },
      );
      return { ...pool, contractStartsAt: contractStartsAt.toISOString(), points, summary };
    }),
  };
}
