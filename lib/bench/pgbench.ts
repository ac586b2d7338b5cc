import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { percentile, round } from "./stats";

// pgbench running the minimal SQL of a session open + close (the same statements the engine's
// hot path boils down to) against the same PostgreSQL, so the API's figure has a yardstick.

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

export type PgbenchResult = {
  clients: number;
  seconds: number;
  pairsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
};

export type PgbenchTarget = { databaseUrl: string; organizationId: string; contractId: string; poolId: string };

export async function runPgbench(target: PgbenchTarget, clients: number, seconds: number): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-pgbench-"));
  try {
    const script = path.join(dir, "open-close.sql");
    fs.writeFileSync(script, OPEN_CLOSE_SCRIPT);
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
      "-f",
      script,
      "-D",
      `pool=${target.poolId}`,
      "-D",
      `org=${target.organizationId}`,
      "-D",
      `contract=${target.contractId}`,
      "-l",
      `--log-prefix=${path.join(dir, "log")}`,
      target.databaseUrl,
    ];
    const output = await run("pgbench", args, dir);
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench gave no tps:\n${output}`);
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
