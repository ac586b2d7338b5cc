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
 * CPU seconds used so far by the running PostgreSQL processes on this machine: all of them, or
 * with `database` only the backends connected to it (their titles read "postgres: user database …"),
 * so other databases' work on a shared server is left out.
 */
export function postgresCpuSeconds(database?: string): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.name !== "postgres") continue;
    if (database && !title(Number(entry)).split(" ").includes(database)) continue;
    ticks += s.ticks;
  }
  return ticks * TICK_SECONDS;
}

function title(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}
