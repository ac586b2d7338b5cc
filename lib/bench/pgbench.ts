import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { exitedChildrenCpuSeconds, postgresCpuSampler } from "./cpu";
import { percentile, round } from "./stats";

// pgbench running the naive SQL of a session open + close and of a heartbeat (the statements the
// engine's hot paths boil down to, one request at a time) against the same PostgreSQL, so the
// API's figures have a yardstick.

// Open: conditional take on the pool counter + the session row. Close: end the row + give back.
export const OPEN_CLOSE_SCRIPT = `BEGIN;
UPDATE license_pools SET sessions_held = sessions_held + 1 WHERE id = :pool AND sessions_held + 1 <= (capacity * (100 + overage_percent)) / 100 RETURNING sessions_held;
INSERT INTO sessions (organization_id, contract_id, pool_id, client_type, device_id, weight, seats_held, last_heartbeat_at, expires_at) VALUES (:org, :contract, :pool, 'desktop', 'pgbench', 1, 1, clock_timestamp(), clock_timestamp() + interval '120 seconds') RETURNING id AS session \\gset
COMMIT;
BEGIN;
UPDATE sessions SET ended_at = clock_timestamp(), end_reason = 'closed' WHERE id = :session AND ended_at IS NULL;
UPDATE license_pools SET sessions_held = sessions_held - 1 WHERE id = :pool;
COMMIT;
`;

/** The naive heartbeat: one single-row update of a live session (another time to live). */
export const HEARTBEAT_SQL =
  "UPDATE sessions SET last_heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() + interval '120 seconds' WHERE id = :session AND ended_at IS NULL;";

const quoted = (uuid: string) => {
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) throw new Error(`Not a uuid: ${uuid}`);
  return `'${uuid}'`;
};

/** The open + close pair on one pool: `:pool` as a variable (-D), or a given pool written in. */
export function openCloseScript(poolId?: string): string {
  return poolId ? OPEN_CLOSE_SCRIPT.replace(/:pool\b/g, quoted(poolId)) : OPEN_CLOSE_SCRIPT;
}

/**
 * The naive heartbeat for `clients` pgbench clients over their own live sessions, as the API's
 * heartbeating clients have theirs: client c updates, at random, one of sessions[c] (which must
 * hold `clients` lists). pgbench variables hold numbers only, so the sessions are written in, one
 * branch each.
 */
export function heartbeatScript(sessions: string[][]): string {
  const perClient = Math.min(...sessions.map((s) => s.length));
  if (perClient < 1) throw new Error("Every pgbench client needs a live session to heartbeat.");
  const lines = [`\\set slot random(0, ${perClient - 1})`];
  sessions.forEach((ids, c) =>
    ids.slice(0, perClient).forEach((id, k) => {
      lines.push(`${lines.length === 1 ? "\\if" : "\\elif"} :client_id = ${c} and :slot = ${k}`);
      lines.push(HEARTBEAT_SQL.replace(":session", quoted(id)));
    }),
  );
  lines.push("\\endif");
  return lines.join("\n") + "\n";
}

export type PgbenchResult = {
  clients: number;
  seconds: number;
  pairsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  /** CPU per transaction of PostgreSQL's processes for the target's database, and of pgbench itself (null without /proc). */
  databaseMsPerOp: number | null;
  clientMsPerOp: number | null;
};

export type PgbenchTarget = { databaseUrl: string; organizationId: string; contractId: string; poolId: string };
/** A database only, for scripts that need no variables (e.g. the minimal schema's, which pick their own pool). */
type PgbenchDatabase = { databaseUrl: string };

const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * Runs pgbench with `scripts` (by default the open + close pair on target.poolId); with several,
 * each transaction runs one of them, picked at random (e.g. one pool of 100). pairsPerSecond is
 * pgbench's transactions a second: pairs, or heartbeats for the heartbeat script.
 */
export async function runPgbench(
  target: PgbenchTarget | PgbenchDatabase,
  clients: number,
  seconds: number,
  scripts: string[] = [OPEN_CLOSE_SCRIPT],
): Promise<PgbenchResult> {
  if (scripts.length < 1 || scripts.length > 128) throw new Error("pgbench takes 1 to 128 scripts.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-pgbench-"));
  try {
    const files = scripts.map((text, i) => {
      const file = path.join(dir, `script-${i}.sql`);
      fs.writeFileSync(file, text);
      return file;
    });
    const args = [
      "-n",
      "-M",
      "prepared",
      "-c",
      String(clients),
      "-j",
      String(Math.min(clients, os.cpus().length)),
      "-T",
      String(seconds),
      ...files.flatMap((file) => ["-f", file]),
      ...("poolId" in target
        ? ["-D", `pool=${target.poolId}`, "-D", `org=${target.organizationId}`, "-D", `contract=${target.contractId}`]
        : []),
      "-l",
      `--log-prefix=${path.join(dir, "log")}`,
      target.databaseUrl,
    ];
    const sampler = postgresCpuSampler(databaseOf(target.databaseUrl));
    const ownBefore = exitedChildrenCpuSeconds();
    let databaseSeconds: number | null = null;
    let output: string;
    try {
      output = await run("pgbench", args, dir);
    } finally {
      databaseSeconds = sampler.stop();
    }
    const ownAfter = exitedChildrenCpuSeconds();
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench gave no tps:\n${output}`);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
    const perOp = (cpuSeconds: number | null) =>
      cpuSeconds === null || transactions === 0 ? null : round((cpuSeconds * 1000) / transactions, 3);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    // Per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us.
    const latencies = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith("log"))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"))
      .filter(Boolean)
      .map((line) => Number(line.split(" ")[2]) / 1000);
    return {
      clients,
      seconds,
      pairsPerSecond: round(Number(tps[1]), 1),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      failed,
      databaseMsPerOp: perOp(databaseSeconds),
      clientMsPerOp: perOp(ownBefore === null || ownAfter === null ? null : ownAfter - ownBefore),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited ${code}:\n${out}`))));
  });
}
