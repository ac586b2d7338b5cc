import type { QueryTiming } from "./console-timing";
import type { CpuUse } from "./cpu";
import type { FirstLoad } from "./first-load";
import type { LoadResult } from "./http-client";
import type { PgbenchResult } from "./pgbench";
import type { Projection } from "./projection";
import type { RaceResult } from "./races";
import type { Timing } from "./stats";

// SPEC §7, as checks over the measured figures. A target that the run could not measure (pgbench
// on the embedded database, console data without PostgreSQL) is reported as not measured; a
// missed one says what bounds it, from where the step's CPU went.

/** One load step through the API beside pgbench's naive SQL for the same work (null on PGlite). */
export type Comparison = {
  clients: number;
  api: LoadResult;
  pgbench: PgbenchResult | null;
  /** api ÷ pgbench, operations a second. */
  ratio: number | null;
  /** The API step's CPU per operation (server, database, load client); null without /proc. */
  cpu: CpuUse | null;
};

export type BenchResults = {
  machine: { cpus: number };
  races: RaceResult[];
  /** The server with no requests (background jobs and timers), as busy cores; every step includes it. */
  idle?: CpuUse | null;
  /** Open + close on ONE hot pool, at 1, 8 and 32 clients; pgbench's naive pair on one pool. */
  throughput: Comparison[];
  /** Open + close at 32 clients spread over `pools` pools; pgbench's naive pair over `pgbenchPools`. */
  spread: (Comparison & { pools: number; pgbenchPools: number }) | null;
  /** Live sessions heartbeating at 32 clients; pgbench's naive single-row heartbeat update. */
  heartbeats: (Comparison & { liveSessions: number }) | null;
  /** 32 clients paced at the throughput the SPEC asks for (see pacedRate), for the p99 target. */
  paced: { rate: number; basis: string; api: LoadResult; cpu: CpuUse | null } | null;
  /**
   * The log-in storm: 32 clients opening and closing across `organizations` organizations' `pools`
   * pools (each its own contract and key); pgbench's naive pair over as many pools on the minimal
   * schema (minimal-schema.ts), not the real one. No target yet: reported only.
   */
  storm?: (Comparison & { organizations: number; pools: number; seedSeconds: number }) | null;
  projection: Projection | null;
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

export type TargetCheck = {
  target: string;
  measured: string;
  met: boolean | null;
  /** For a missed load target: what bounds it (CPU of the server or the database, or waiting). */
  bound?: string;
};

/** SPEC §7 (second wave): ratios to pgbench's naive SQL in the same run, at 32 clients. */
export const TARGETS = {
  hotPoolRatio: 1.0,
  spreadRatio: 0.5,
  heartbeatRatio: 0.25,
  /** The paced p99 is measured at this share of pgbench's spread figure. */
  pacedShare: 0.35,
  p99Ms: 25,
  dashboardMs: 50,
  usersPageMs: 100,
  firstLoadKB: 200,
} as const;

export function evaluateTargets(r: BenchResults): TargetCheck[] {
  const at32 = r.throughput.find((t) => t.clients === 32);
  const over = r.races.reduce((n, x) => n + x.overAllocations, 0);
  const dashboard = (r.consoleQueries ?? []).filter((q) => q.query.startsWith("dashboard"));
  const users = (r.consoleQueries ?? []).filter((q) => q.query.startsWith("users page"));
  const worst = (qs: QueryTiming[]) => Math.max(...qs.map((q) => q.median));
  const cpus = r.machine.cpus;
  return [
    {
      target: "zero over-allocations, exactly the limit granted",
      measured: `${over} over, ${r.races.filter((x) => x.exact).length}/${r.races.length} exact`,
      met: over === 0 && r.races.every((x) => x.exact),
    },
    ratioTarget(
      `hot pool open + close ≥ ${TARGETS.hotPoolRatio} × pgbench (one pool, 32 clients)`,
      at32,
      TARGETS.hotPoolRatio,
      "pairs/s",
      cpus,
    ),
    ratioTarget(
      `spread open + close ≥ ${TARGETS.spreadRatio} × pgbench (${r.spread?.pools ?? 10} pools; pgbench ${r.spread?.pgbenchPools ?? 100})`,
      r.spread,
      TARGETS.spreadRatio,
      "pairs/s",
      cpus,
    ),
    ratioTarget(
      `heartbeats ≥ ${TARGETS.heartbeatRatio} × pgbench's naive update (32 clients)`,
      r.heartbeats,
      TARGETS.heartbeatRatio,
      "heartbeats/s",
      cpus,
    ),
    withBound(
      {
        target: `p99 ≤ ${TARGETS.p99Ms} ms, 32 clients paced at ${TARGETS.pacedShare} × pgbench's spread figure`,
        measured: r.paced
          ? `${r.paced.api.p99} ms at ${r.paced.api.pairsPerSecond} of ${r.paced.rate} pairs/s offered, ${r.paced.api.errors} errors (closed loop at saturation: ${r.spread?.api.p99 ?? at32?.api.p99} ms)`
          : "not run",
        met: r.paced ? r.paced.api.p99 <= TARGETS.p99Ms && r.paced.api.errors === 0 : null,
      },
      r.paced?.cpu ?? null,
      cpus,
    ),
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

function ratioTarget(
  target: string,
  step: Comparison | null | undefined,
  min: number,
  unit: string,
  cpus: number,
): TargetCheck {
  if (!step) return { target, measured: "not run", met: null };
  if (step.ratio === null)
    return { target, measured: `${step.api.pairsPerSecond} ${unit}; no pgbench (embedded database)`, met: null };
  return withBound(
    {
      target,
      measured: `${step.ratio} (${step.api.pairsPerSecond} against ${step.pgbench!.pairsPerSecond} ${unit}${step.api.errors ? `, ${step.api.errors} errors` : ""})`,
      met: step.ratio >= min && step.api.errors === 0,
    },
    step.cpu,
    cpus,
    step.pgbench?.databaseMsPerOp,
  );
}

const withBound = (
  check: TargetCheck,
  cpu: CpuUse | null,
  cpus: number,
  naiveDatabaseMsPerOp?: number | null,
): TargetCheck => (check.met === false ? { ...check, bound: boundBy(cpu, cpus, naiveDatabaseMsPerOp) } : check);

/**
 * What held a load step back, from where its CPU went. When the machine's cores were (nearly) all
 * busy the step was CPU-bound, and the larger of the server's and the database's CPU per
 * operation is what to cut (unless other processes than the run's held most of the cores); with
 * cores to spare it was waiting (on a lock, e.g. a hot pool's row held across each commit, or on
 * round trips), which CPU per operation does not explain. `naiveDatabaseMsPerOp`: the database's
 * CPU per operation under pgbench's naive SQL, beside the API's.
 */
export function boundBy(cpu: CpuUse | null, cpus: number, naiveDatabaseMsPerOp?: number | null): string {
  if (!cpu) return "unknown (no /proc: no CPU figures)";
  const database =
    cpu.databaseMsPerOp === null
      ? "inside the server (embedded)"
      : `${cpu.databaseMsPerOp} ms/op${naiveDatabaseMsPerOp == null ? "" : ` (pgbench's naive SQL ${naiveDatabaseMsPerOp})`}`;
  const ours = Math.round((cpu.serverCores + (cpu.databaseCores ?? 0) + cpu.clientCores) * 100) / 100;
  const figures = `server ${cpu.serverMsPerOp} ms/op, database ${database}, load client ${cpu.clientMsPerOp} ms/op; ${cpu.machineCores} of ${cpus} cores busy, ${ours} of them this run's`;
  if (cpu.machineCores < 0.85 * cpus) return `waiting, not CPU (${figures}): locks or round trips`;
  const side = cpu.databaseMsPerOp === null || cpu.serverMsPerOp >= cpu.databaseMsPerOp ? "server's" : "database's";
  // Cores busy, but mostly with other processes than this run's: the machine was shared.
  if (ours < 0.5 * cpu.machineCores) return `the machine's other work, then the ${side} CPU (${figures})`;
  return `CPU, mostly the ${side} (${figures})`;
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
 * of it: 0.35 × pgbench's spread figure (32 clients over 100 pools); without pgbench (embedded
 * database), half the API's own spread throughput.
 */
export function pacedRate(spread: { api: LoadResult; pgbench: PgbenchResult | null }): { rate: number; basis: string } {
  if (spread.pgbench)
    return {
      rate: Math.max(1, Math.round(TARGETS.pacedShare * spread.pgbench.pairsPerSecond)),
      basis: `${TARGETS.pacedShare} × pgbench's spread ${spread.pgbench.pairsPerSecond} pairs/s`,
    };
  return {
    rate: Math.max(1, Math.round(spread.api.pairsPerSecond / 2)),
    basis: `half the API's own spread ${spread.api.pairsPerSecond} pairs/s, without pgbench`,
  };
}
