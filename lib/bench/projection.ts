// The scale model: instances and database cores for many live sessions, from the CPU each
// operation cost in this run (cpu.ts). Per second, N live sessions send N ÷ 60 heartbeats and,
// each lasting SESSION_HOURS on average, open and close N ÷ (3,600 × SESSION_HOURS) sessions;
// each side's cores are the sum of rate × CPU ms per operation ÷ 1,000, divided by the share of a
// core we let it use (HEADROOM), rounded up.

export const PROJECTION = {
  liveSessions: [100_000, 1_000_000],
  heartbeatSeconds: 60,
  /** Assumed mean session length: every live session opens and closes once in this time. */
  sessionHours: 1,
  /** Each core at most this busy, leaving room for peaks, background jobs and failover. */
  headroom: 0.7,
} as const;

/** CPU milliseconds per operation, from this run's load steps. */
export type CpuPerOp = {
  /** One open + close pair: the server's process tree and the database. */
  pair: { server: number; database: number | null };
  heartbeat: { server: number; database: number | null };
};

export type ProjectionRow = {
  liveSessions: number;
  heartbeatsPerSecond: number;
  pairsPerSecond: number;
  /** Busy cores of the app (all instances together) and of the database. */
  appCores: number;
  databaseCores: number | null;
  /** One instance = one Node server process, which runs JavaScript on one core. */
  instances: number;
  /** Database cores to provision at the headroom; null for the embedded database (one process). */
  databaseCoresNeeded: number | null;
};

export type Projection = { assumptions: typeof PROJECTION; cpuPerOp: CpuPerOp; rows: ProjectionRow[] };

const round2 = (n: number) => Math.round(n * 100) / 100;

export function project(cpuPerOp: CpuPerOp, assumptions = PROJECTION): Projection {
  const rows = assumptions.liveSessions.map((n) => {
    const heartbeats = n / assumptions.heartbeatSeconds;
    const pairs = n / (assumptions.sessionHours * 3600);
    const cores = (side: "server" | "database") => {
      const pair = cpuPerOp.pair[side];
      const beat = cpuPerOp.heartbeat[side];
      return pair === null || beat === null ? null : (heartbeats * beat + pairs * pair) / 1000;
    };
    const app = cores("server")!;
    const database = cores("database");
    return {
      liveSessions: n,
      heartbeatsPerSecond: Math.round(heartbeats),
      pairsPerSecond: Math.round(pairs),
      appCores: round2(app),
      databaseCores: database === null ? null : round2(database),
      instances: Math.max(1, Math.ceil(app / assumptions.headroom)),
      databaseCoresNeeded: database === null ? null : Math.max(1, Math.ceil(database / assumptions.headroom)),
    };
  });
  return { assumptions, cpuPerOp, rows };
}
