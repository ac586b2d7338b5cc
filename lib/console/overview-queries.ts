import "server-only";
import { ilike, or, sql } from "drizzle-orm";
import { storableText } from "@/lib/validation/text";
import type { Database } from "@/db/client";
import { organizations } from "@/db/schema";
import { poolUsages, type PoolState, type PoolUsage } from "@/lib/licensing/usage";

// The vendor overview: every organization, the one with the worst pool first. Pool usage comes
// from poolUsages over every pool (a handful of set-based queries, whatever the number of
// organizations); ranking and paging happen here because the worst state is computed from rows.

export const OVERVIEW_PAGE_SIZE = 50;

const stateRank: Record<PoolState, number> = { over: 3, full: 2, warning: 1, normal: 0 };

export type OverviewPool = Pick<
  PoolUsage,
  "poolId" | "module" | "moduleName" | "model" | "state" | "inUse" | "limit" | "holdings"
>;
export type OverviewOrganization = {
  id: string;
  name: string;
  siteId: string;
  pools: OverviewPool[];
  overLimit: number;
  /** Pools with a holding used up (seats, devices or this month's API connects), none over. */
  full: number;
  /** Pools at or above their warning threshold, none full or over. */
  nearLimit: number;
  worst: OverviewPool | null;
};

const ratio = (p: { inUse: number; limit: number }) => (p.limit > 0 ? p.inUse / p.limit : p.inUse > 0 ? Infinity : 0);

/** Worse first: state (over > full > warning > normal), then the higher use ratio. */
export function comparePools(a: OverviewPool, b: OverviewPool) {
  return stateRank[b.state] - stateRank[a.state] || ratio(b) - ratio(a);
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type VendorOverview = Awaited<ReturnType<typeof vendorOverview>>;

export async function vendorOverview(db: Database, { search = "", page = 1 }: { search?: string; page?: number } = {}) {
  const term = storableText(search.trim()) ?? "";
  const pattern = `%${escapeLike(term)}%`;
  const [rows, usages] = await Promise.all([
    db
      .select({ id: organizations.id, name: organizations.name, siteId: organizations.siteId })
      .from(organizations)
      .where(term ? or(ilike(organizations.name, pattern), ilike(organizations.siteId, pattern)) : undefined)
      .orderBy(sql`lower(${organizations.name})`),
    poolUsages(db),
  ]);

  const byOrganization = new Map<string, OverviewPool[]>();
  for (const p of usages) {
    if (p.contractStatus !== "active") continue;
    const pool: OverviewPool = {
      poolId: p.poolId,
      module: p.module,
      moduleName: p.moduleName,
      model: p.model,
      state: p.state,
      inUse: p.inUse,
      limit: p.limit,
      holdings: p.holdings,
    };
    const list = byOrganization.get(p.organizationId);
    if (list) list.push(pool);
    else byOrganization.set(p.organizationId, [pool]);
  }

  const all: OverviewOrganization[] = rows.map((o) => {
    const pools = (byOrganization.get(o.id) ?? []).sort(comparePools);
    return {
      ...o,
      pools,
      overLimit: pools.filter((p) => p.state === "over").length,
      full: pools.filter((p) => p.state === "full").length,
      nearLimit: pools.filter((p) => p.state === "warning").length,
      worst: pools[0] ?? null,
    };
  });
  // Organizations without pools in force go last; the sort is stable, so names stay in order.
  all.sort((a, b) => (a.worst && b.worst ? comparePools(a.worst, b.worst) : a.worst ? -1 : b.worst ? 1 : 0));

  const pageCount = Math.max(1, Math.ceil(all.length / OVERVIEW_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  return {
    organizations: all.slice((current - 1) * OVERVIEW_PAGE_SIZE, current * OVERVIEW_PAGE_SIZE),
    total: all.length,
    page: current,
    pageCount,
    search: term,
    generatedAt: new Date().toISOString(),
  };
}
