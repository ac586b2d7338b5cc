import fs from "node:fs";

// CPU time spent by processes, read from Linux's /proc (clock ticks of 10 ms): where a load's CPU
// went, the server's Node processes or PostgreSQL's. Elsewhere (no /proc) it reads null.

const TICK_SECONDS = 0.01;

function stat(pid: number): { name: string; ticks: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (name) state ppid …": the name may hold spaces, so fields count from its closing bracket.
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return { name: text.slice(text.indexOf("(") + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function children(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds used so far by a process and all its descendants (e.g. tsx and the server it started). */
export function processTreeCpuSeconds(pid: number): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const queue = [pid]; queue.length;) {
    const p = queue.pop()!;
    ticks += stat(p)?.ticks ?? 0;
    queue.push(...children(p));
  }
  return ticks * TICK_SECONDS;
}

/**
 * The database a PostgreSQL backend serves, from its process title ("postgres: [cluster: ]user
 * database host(port) state"); null for the postmaster and the shared background processes.
 */
export function backendDatabase(cmdline: string): string | null {
  const m = /^postgres: (?:[^\s:]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(cmdline);
  return m ? m[1]! : null;
}

/** Clock ticks used so far by each running PostgreSQL process (with `database`: see postgresCpuSeconds). */
function postgresTicks(database?: string): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.name !== "postgres") continue;
    if (database !== undefined) {
      let cmdline = "";
      try {
        cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      } catch {
        continue;
      }
      const served = backendDatabase(cmdline);
      if (served !== null && served !== database) continue;
    }
    ticks.set(Number(entry), s.ticks);
  }
  return ticks;
}

/**
 * CPU seconds used so far by the running PostgreSQL processes on this machine. With `database`,
 * only that database's backends count, with the processes every database shares (postmaster,
 * WAL writer, checkpointer…): on a shared machine other databases' work stays out of the figure.
 * A backend's CPU leaves the count when it exits, so measure over connections that stay open, or
 * with postgresCpuSampler.
 */
export function postgresCpuSeconds(database?: string): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const t of postgresTicks(database).values()) ticks += t;
  return ticks * TICK_SECONDS;
}

/**
 * PostgreSQL's CPU over a span in which backends come and go (pgbench connects its own): polls
 * every `everyMs` and keeps each process's last reading, so a backend that exits keeps what it
 * used until the last poll. `stop()` answers the CPU seconds of the span, or null without /proc.
 */
export function postgresCpuSampler(database: string, everyMs = 200) {
  if (!fs.existsSync("/proc/self/stat")) return { stop: () => null };
  const first = postgresTicks(database);
  const last = new Map(first);
  const poll = () => {
    for (const [pid, ticks] of postgresTicks(database)) last.set(pid, ticks);
  };
  const timer = setInterval(poll, everyMs);
  return {
    stop(): number | null {
      clearInterval(timer);
      poll();
      let ticks = 0;
      // A process that started within the span used all its CPU in it.
      for (const [pid, t] of last) ticks += t - (first.get(pid) ?? 0);
      return ticks * TICK_SECONDS;
    },
  };
}

/** Where one load step's CPU went: per operation (ms) and as busy cores over the step. */
export type CpuUse = {
  /** The server's process tree (every Node process of the instance). */
  serverMsPerOp: number;
  /** PostgreSQL's processes serving the bench's database (see postgresCpuSeconds); null for the
   * embedded database, whose work runs inside the server's process and counts there. */
  databaseMsPerOp: number | null;
  /** The load generator itself (this process), sharing the machine. */
  clientMsPerOp: number;
  serverCores: number;
  databaseCores: number | null;
  clientCores: number;
  /** Every process on the machine (from /proc/stat), the engineers' other work included. */
  machineCores: number;
};

/** CPU seconds the whole machine has been busy (all cores, everything but idle and I/O wait). */
function machineBusySeconds(): number {
  const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  return (n.slice(0, 8).reduce((a, b) => a + b, 0) - n[3]! - n[4]!) * TICK_SECONDS;
}

/**
 * Starts counting CPU for one step (`database`: the PostgreSQL database's name, null when embedded); `stop(operations)` answers the CPU each operation cost, or
 * null without /proc. Operations are whatever the step counts (open + close pairs, heartbeats).
 */
export function cpuMeter(serverPid: number, database: string | null) {
  const read = () => {
    const server = processTreeCpuSeconds(serverPid);
    const db = database === null ? 0 : postgresCpuSeconds(database);
    const client = process.cpuUsage();
    return server === null || db === null
      ? null
      : {
          server,
          db,
          client: (client.user + client.system) / 1e6,
          machine: machineBusySeconds(),
          at: performance.now(),
        };
  };
  const start = read();
  return {
    stop(operations: number): CpuUse | null {
      const end = read();
      if (!start || !end || operations <= 0) return null;
      const seconds = (end.at - start.at) / 1000;
      const perOp = (s: number) => Math.round(((s * 1000) / operations) * 1000) / 1000;
      const cores = (s: number) => Math.round((s / seconds) * 100) / 100;
      return {
        serverMsPerOp: perOp(end.server - start.server),
        databaseMsPerOp: database === null ? null : perOp(end.db - start.db),
        clientMsPerOp: perOp(end.client - start.client),
        serverCores: cores(end.server - start.server),
        databaseCores: database === null ? null : cores(end.db - start.db),
        clientCores: cores(end.client - start.client),
        machineCores: cores(end.machine - start.machine),
      };
    },
  };
}

/** CPU seconds of this process's children that exited and were waited for (e.g. a pgbench run). */
export function exitedChildrenCpuSeconds(): number | null {
  try {
    const text = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * TICK_SECONDS;
  } catch {
    return null;
  }
}
