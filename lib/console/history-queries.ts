import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { denials, licensePools, modules, usageSamples } from "@/db/schema";
import { rangeStart, stepOf, usageRanges, type UsageRange } from "@/lib/reports/ranges";
import { rightSizing, type RightSizing } from "@/lib/reports/right-sizing";

export { usageRanges, type UsageRange };

// Usage history of an organization's pools, aggregated in SQL from the one-minute samples. Each
// query reads a range of (pool_id, bucket) — the primary key of usage_samples — for the
// organization's pools only, so a year of samples is an index range scan, not a table scan.

export type HistoryPoint = { t: string; peak: number | null; avg: number | null; capacity: number | null; denials: number };
export type PoolHistory = {
  poolId: string;
  module: string;
  moduleName: string;
  model: "named" | "concurrent";
  capacity: number;
  points: HistoryPoint[];
  summary: RightSizing;
};
export type UsageHistory = { range: UsageRange; from: string; to: string; pools: PoolHistory[] };

/** The SQL bucket of a sample's minute for each range: 10 minutes, a day, a month (UTC). */
const bucketSql = (range: UsageRange, column: typeof usageSamples.bucket | typeof denials.createdAt) => {
  switch (range) {
    case "24h":
      return sql`date_bin('10 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`.mapWith(column);
    case "30d":
      return sql`(date_trunc('day', ${column} at time zone 'UTC') at time zone 'UTC')`.mapWith(column);
    case "12mo":
      return sql`(date_trunc('month', ${column} at time zone 'UTC') at time zone 'UTC')`.mapWith(column);
  }
};

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

export async function usageHistory(db: Database, organizationId: string, range: UsageRange, now = new Date()): Promise<UsageHistory> {
  const from = rangeStart(range, now);
  const pools = await db
    .select({ poolId: licensePools.id, module: modules.key, moduleName: modules.name, model: licensePools.model, capacity: licensePools.capacity })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(eq(licensePools.organizationId, organizationId))
    .orderBy(asc(modules.name), asc(licensePools.createdAt));
  if (pools.length === 0) return { range, from: from.toISOString(), to: now.toISOString(), pools: [] };
  const poolIds = pools.map((p) => p.poolId);

  const sampleBucket = bucketSql(range, usageSamples.bucket);
  const denialBucket = bucketSql(range, denials.createdAt);
  const [sampleRows, denialRows, dayRows] = await Promise.all([
    db
      .select({
        poolId: usageSamples.poolId,
        t: sampleBucket,
        peak: sql<number>`max(${usageSamples.peakInUse})::int`,
        // Weighted by the samples folded into each minute, so a half-sampled minute counts half.
        avg: sql<number>`(sum(${usageSamples.avgInUse} * ${usageSamples.samples}) / nullif(sum(${usageSamples.samples}), 0))::float8`,
        capacity: sql<number>`max(${usageSamples.capacity})::int`,
      })
      .from(usageSamples)
      .where(and(inArray(usageSamples.poolId, poolIds), gte(usageSamples.bucket, from)))
      .groupBy(usageSamples.poolId, sampleBucket),
    db
      .select({ poolId: denials.poolId, t: denialBucket, n: sql<number>`count(*)::int` })
      .from(denials)
      .where(and(eq(denials.organizationId, organizationId), isNotNull(denials.poolId), gte(denials.createdAt, from)))
      .groupBy(denials.poolId, denialBucket),
    // Days on which the pool reached its capacity: the right-sizing answer counts them.
    db
      .select({
        poolId: usageSamples.poolId,
        days: sql<number>`count(distinct date_trunc('day', ${usageSamples.bucket} at time zone 'UTC'))::int`,
      })
      .from(usageSamples)
      .where(
        and(
          inArray(usageSamples.poolId, poolIds),
          gte(usageSamples.bucket, from),
          sql`${usageSamples.peakInUse} >= ${usageSamples.capacity}`,
          sql`${usageSamples.capacity} > 0`,
        ),
      )
      .groupBy(usageSamples.poolId),
  ]);

  const key = (poolId: string | null, t: Date) => `${poolId}|${t.getTime()}`;
  const samples = new Map(sampleRows.map((r) => [key(r.poolId, r.t), r]));
  const denied = new Map(denialRows.map((r) => [key(r.poolId, r.t), Number(r.n)]));
  const daysAtLimit = new Map(dayRows.map((r) => [r.poolId, Number(r.days)]));
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
          avg: s ? Math.round(Number(s.avg) * 10) / 10 : null,
          capacity: s ? Number(s.capacity) : null,
          denials: denied.get(key(p.poolId, b)) ?? 0,
        };
      });
      return { ...p, points, summary: rightSizing(range, p.capacity, points, daysAtLimit.get(p.poolId) ?? 0) };
    }),
  };
}
