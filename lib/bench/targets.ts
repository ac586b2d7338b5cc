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
  growth: { users: number; openCloseP50: number; openCloseP99: number; pairsPerSecond: number; dashboard: Timing; usersPage: Timing }[];
  consoleQueries: QueryTiming[] | null;
  firstLoad: FirstLoad;
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
    { target: "zero over-allocations, exactly the limit granted", measured: `${over} over, ${r.races.filter((x) => x.exact).length}/${r.races.length} exact`, met: over === 0 && r.races.every((x) => x.exact) },
    {
      target: `throughput ≥ ${TARGETS.ratio} × pgbench at 32 clients`,
      measured: at32?.ratio == null ? "no pgbench (embedded database)" : `${at32.ratio}`,
      met: at32?.ratio == null ? null : at32.ratio >= TARGETS.ratio,
    },
    { target: `p99 ≤ ${TARGETS.p99Ms} ms at 32 clients`, measured: at32 ? `${at32.api.p99} ms` : "not run", met: at32 ? at32.api.p99 <= TARGETS.p99Ms : null },
    { target: `dashboard data ≤ ${TARGETS.dashboardMs} ms (median, 100k users)`, measured: dashboard.length ? `${worst(dashboard)} ms` : "no PostgreSQL", met: dashboard.length ? worst(dashboard) <= TARGETS.dashboardMs : null },
    { target: `users page ≤ ${TARGETS.usersPageMs} ms (median, 100k users)`, measured: users.length ? `${worst(users)} ms` : "no PostgreSQL", met: users.length ? worst(users) <= TARGETS.usersPageMs : null },
    { target: `dashboard first-load JS ≤ ${TARGETS.firstLoadKB} KB gzip`, measured: `${r.firstLoad.gzipKB} KB`, met: r.firstLoad.gzipKB <= TARGETS.firstLoadKB },
  ];
}
