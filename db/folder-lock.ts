import fs from "node:fs";

/**
 * Only one process may hold an embedded database folder. A lock file names the holder by PID and
 * by the time that process started (Linux /proc), so a lock left by a process that is gone is
 * taken over even when its PID now belongs to another program. Where /proc is missing (macOS,
 * Windows) a live PID counts as the holder.
 */
export function holdLockFile(lock: string, folder: string): () => void {
  const holder = readLock(lock);
  if (holder && holder.pid !== process.pid && isHeldBy(holder)) {
    throw new DataFolderBusyError(
      `The embedded database in ${folder} is in use by process ${holder.pid} (a running Seatkeeper server). ` +
        "Stop that server first, or point DATABASE_URL at PostgreSQL.",
    );
  }
  const mine: LockHolder = { pid: process.pid, startTime: startTimeOf(process.pid) };
  fs.writeFileSync(lock, JSON.stringify(mine));
  const release = () => {
    if (readLock(lock)?.pid === process.pid) fs.rmSync(lock, { force: true });
  };
  process.once("exit", release);
  return release;
}

export class DataFolderBusyError extends Error {
  name = "DataFolderBusyError";
}

export type LockHolder = { pid: number; startTime?: string };

/** The holder a lock file names: `{pid, startTime}`, or a bare PID as older versions wrote it. */
export function readLock(lock: string): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lock, "utf8").trim();
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "number") return validPid(parsed) ? { pid: parsed } : undefined;
    const { pid, startTime } = parsed as Partial<LockHolder>;
    if (!validPid(pid)) return undefined;
    return typeof startTime === "string" ? { pid, startTime } : { pid };
  } catch {
    return undefined;
  }
}

/** Whether the process a lock names still runs: same PID, same start time (or, for an old lock, a Node process). */
export function isHeldBy(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  const now = startTimeOf(holder.pid);
  if (now === undefined) return true;
  if (holder.startTime !== undefined) return holder.startTime === now;
  return isNodeProcess(holder.pid);
}

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), where /proc exists. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isNodeProcess(pid: number) {
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
    return /(^|\/)(node|nodejs|bun|deno)[^/]*$/.test(argv0);
  } catch {
    return true;
  }
}

const validPid = (pid: unknown): pid is number => Number.isInteger(pid) && (pid as number) > 0;

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
