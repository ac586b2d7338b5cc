import type { QueryTiming } from "./console-timing";
import type { FirstLoad } from "./first-load";
import type { LoadResult } from "./http-client";
import type { PgbenchResult } from "./pgbench";
import type { RaceResult } from "./races";
import type { Timing } from "./stats";

// SPEC §7, as checks over the measured figures. A target that the run could not measure (pgbench
// on the embedded database, console data without PostgreSQL) is reported as not measured.

export type BenchResults = {
  races: RaceResult[];
  throughput: { clients: number; api: LoadResult; pgbench: PgbenchResult | null; ratio: number | null }[];
  /** 32 clients paced at the throughput the SPEC asks for (see pacedRate), for the p99 target. */
  paced: { rate: number; basis: string; api: LoadResult } | null;
  growth: {
    users: number;
    openCloseP50: number;
    openCloseP99: number;
    pairsPerSecond: number;
    errors: number;
    dashboard: Timing;
    usersPage: Timing;
  }[];
  consoleQueries: QueryTiming[] | null;
  /** Every console page, largest first. */
  firstLoad: FirstLoad[];
};

export type TargetCheck = { target: string; measured: string; met: boolean | null };

export const TARGETS = { ratio: 0.35, p99Ms: 25, dashboardMs: 50, usersPageMs: 100, firstLoadKB: 200 } as const;

export function evaluateTargets(r: BenchResults): TargetCheck[] {
  const at32 = r.throughput.find((t) => t.clients === 32);
  const over = r.races.reduce((n, x) => n + x.overAllocations, 0);
  const dashboard = (r.consoleQueries ?? []).filter((q) => q.query.startsWith("dashboard"));
  const users = (r.consoleQueries ?? []).filter((q) => q.query.startsWith("users page"));
  const worst = (qs: QueryTiming[]) => Math.max(...qs.map((q) => q.median));
  return [
    {
      target: "zero over-allocations, exactly the limit granted",
      measured: `${over} over, ${r.races.filter((x) => x.exact).length}/${r.races.length} exact`,
      met: over === 0 && r.races.every((x) => x.exact),
    },
    {
      target: `throughput ≥ ${TARGETS.ratio} × pgbench at 32 clients`,
      measured: at32?.ratio == null ? "no pgbench (embedded database)" : `${at32.ratio}`,
      met: at32?.ratio == null ? null : at32.ratio >= TARGETS.ratio,
    },
    {
      target: `p99 ≤ ${TARGETS.p99Ms} ms at 32 clients, at the required throughput`,
      measured: r.paced
        ? `${r.paced.api.p99} ms at ${r.paced.api.pairsPerSecond} pairs/s (closed loop at saturation: ${at32?.api.p99} ms)`
        : "not run",
      met: r.paced ? r.paced.api.p99 <= TARGETS.p99Ms && r.paced.api.errors === 0 : null,
    },
    {
      target: `dashboard data ≤ ${TARGETS.dashboardMs} ms (median, 100k users)`,
      measured: dashboard.length ? `${worst(dashboard)} ms` : "no PostgreSQL",
      met: dashboard.length ? worst(dashboard) <= TARGETS.dashboardMs : null,
    },
    {
      target: `users page ≤ ${TARGETS.usersPageMs} ms (median, 100k users)`,
      measured: users.length ? `${worst(users)} ms` : "no PostgreSQL",
      met: users.length ? worst(users) <= TARGETS.usersPageMs : null,
    },
    {
      target: `every console page's first-load JS ≤ ${TARGETS.firstLoadKB} KB gzip`,
      measured: firstLoadMeasured(r.firstLoad),
      met: r.firstLoad.length ? r.firstLoad.every((p) => p.gzipKB <= TARGETS.firstLoadKB) : null,
    },
  ];
}

function firstLoadMeasured(pages: FirstLoad[]): string {
  if (pages.length === 0) return "no console pages";
  const over = pages.filter((p) => p.gzipKB > TARGETS.firstLoadKB);
  const largest = pages.reduce((a, b) => (b.gzipKB > a.gzipKB ? b : a));
  const pageName = (p: FirstLoad) => p.route.replace("/(console)", "").replace(/\/page$/, "") || "/";
  return over.length
    ? `over: ${over.map((p) => `${pageName(p)} ${p.gzipKB} KB`).join(", ")}`
    : `largest ${pageName(largest)} ${largest.gzipKB} KB (${pages.length} pages)`;
}

/**
 * The open + close rate the p99 target is measured at. In a closed loop at saturation every
 * client always waits behind the other 31, so latency there is clients ÷ throughput by
 * construction (pgbench's own p99 at 32 clients is far above 25 ms on two cores). The latency
 * that matters is the one 32 clients see while the server delivers the throughput the SPEC asks
 * of it: ratio × pgbench's 32-client figure; without pgbench (embedded database), half the API's
 * own 32-client throughput.
 */
export function pacedRate(at32: { api: LoadResult; pgbench: PgbenchResult | null }): { rate: number; basis: string } {
  if (at32.pgbench)
    return {
      rate: Math.max(1, Math.round(TARGETS.ratio * at32.pgbench.pairsPerSecond)),
      basis: `${TARGETS.ratio} × pgbench's ${at32.pgbench.pairsPerSecond} pairs/s`,
    };
  return {
    rate: Math.max(1, Math.round(at32.api.pairsPerSecond / 2)),
    basis: `half the API's own ${at32.api.pairsPerSecond} pairs/s, without pgbench`,
  };
}
