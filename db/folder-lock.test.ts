import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataFolderBusyError, holdLockFile, readLock, startTimeOf } from "./folder-lock";

const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

function lockIn() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sk-lock-"));
  folders.push(folder);
  return path.join(folder, "pglite.lock");
}

function running(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: "ignore" });
  children.push(child);
  return child.pid!;
}

describe.skipIf(!fs.existsSync("/proc/self/stat"))("the embedded database's lock file", () => {
  it("refuses a folder held by a live server (same PID, same start time)", () => {
    const lock = lockIn();
    const pid = running(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    fs.writeFileSync(lock, JSON.stringify({ pid, startTime: startTimeOf(pid) }));
    expect(() => holdLockFile(lock, "data")).toThrow(DataFolderBusyError);
    expect(readLock(lock)?.pid).toBe(pid);
  });

  it("takes over a stale lock whose PID now belongs to another program (another start time)", () => {
    const lock = lockIn();
    const pid = running("sleep", ["30"]);
    fs.writeFileSync(lock, JSON.stringify({ pid, startTime: "1" }));
    const release = holdLockFile(lock, "data");
    expect(readLock(lock)).toEqual({ pid: process.pid, startTime: startTimeOf(process.pid) });
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it("takes over an old-style lock (a bare PID) that names a live program other than Node", () => {
    const lock = lockIn();
    const pid = running("sleep", ["30"]);
    fs.writeFileSync(lock, String(pid));
    const release = holdLockFile(lock, "data");
    expect(readLock(lock)?.pid).toBe(process.pid);
    release();
  });

  it("takes over a lock whose process is gone", async () => {
    const lock = lockIn();
    const child = spawn("true");
    await new Promise((r) => child.once("exit", r));
    fs.writeFileSync(lock, JSON.stringify({ pid: child.pid, startTime: "5" }));
    holdLockFile(lock, "data");
    expect(readLock(lock)?.pid).toBe(process.pid);
  });
});
