import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The production server as the bench sees it: a child process (server.ts, like `npm run serve`)
// with its own port and database, and an operator token made by the CLI before it starts.

const TSX = ["--import", "./scripts/register.mjs"];
const tsxBin = (cwd: string) => path.join(cwd, "node_modules", ".bin", "tsx");

export type BenchEnvironment = {
  env: NodeJS.ProcessEnv;
  database: "postgres" | "pglite";
  dataDir: string | null;
  cleanup: () => void;
};

/** The server's environment: DATABASE_URL from ours, or an embedded database in a temp folder. */
export function benchEnvironment(port: number): BenchEnvironment {
  const database = process.env.DATABASE_URL ? "postgres" : "pglite";
  const dataDir = database === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-bench-")) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    // The per-key limit is on, as in production, but far above what the bench sends: the bench pays
    // the limiter's cost on the hot path (shared across instances on PostgreSQL) without refusals.
    SEATKEEPER_RATE_LIMIT: "10000000",
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    SEATKEEPER_SIGNING_KEY:
      process.env.SEATKEEPER_SIGNING_KEY ??
      generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    ...(dataDir ? { SEATKEEPER_DATA_DIR: dataDir } : {}),
  };
  return { env, database, dataDir, cleanup: () => dataDir && fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** `next build` when there is no build yet. */
export function buildIfNeeded(): boolean {
  if (fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return false;
  console.log("No production build found: running next build…");
  const r = spawnSync(path.join(process.cwd(), "node_modules", ".bin", "next"), ["build"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed; the bench needs a production build.");
  return true;
}

/** An operator token from the CLI (which also migrates the database) of the checkout at `cwd`. */
export function createOperatorTokenViaCli(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const r = spawnSync(tsxBin(cwd), [...TSX, "scripts/cli.ts", "token", "create", "--name", `bench-${Date.now()}`], {
    env,
    cwd,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`The CLI could not create an operator token:\n${r.stderr}`);
  const secret = r.stdout.trim().split("\n").at(-1)?.trim();
  if (!secret?.startsWith("sk_op_")) throw new Error(`Unexpected CLI output:\n${r.stdout}`);
  return secret;
}

export type RunningServer = {
  url: string;
  pid: number;
  stop: () => Promise<void>;
  /** Everything the server printed so far (the last 16,000 characters). */
  output: () => string;
  /** The last lines the server printed (for a failing run). */ tail: () => string;
};

/**
 * Starts server.ts of the checkout at `cwd` (with Node flags `nodeArgs` and the server's own
 * `serverArgs`, e.g. `--api-only`) and waits for its ready line.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  nodeArgs: string[] = [],
  serverArgs: string[] = [],
): Promise<RunningServer> {
  const child = spawn(tsxBin(cwd), [...nodeArgs, ...TSX, "server.ts", ...serverArgs], {
    env,
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Everything the server prints, capped: a server that fails under load says why in the report.
  let output = "";
  const collect = (c: Buffer) => (output = (output + c.toString()).slice(-16_000));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start within 180 s:\n${output}`)), 180_000);
    const onData = () => {
      if (!output.includes("is ready on")) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve();
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before it was ready:\n${output}`));
    });
  });
  await ready;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      collect(Buffer.from(`\n[server exited: ${signal ?? code}]\n`));
      resolve();
    }),
  );
  return {
    url: `http://127.0.0.1:${env.PORT}`,
    pid: child.pid!,
    output: () => output,
    tail: () => output.split("\n").slice(-40).join("\n"),
    stop: async () => {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
