import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import net from "node:net";
import postgres from "postgres";

// Real Seatkeeper instances for the multi-instance tests: server.ts processes serving the APIs
// without Next.js (`--api-only`, no build needed), each on a free port, on one database.

export type Instance = {
  url: string;
  pid: number;
  /** Every JSON log line the instance printed so far. */
  logs: () => { msg?: string; [k: string]: unknown }[];
  /** SIGTERM; resolves with the exit code when the process has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
  process: ChildProcess;
};

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const secrets = {
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  SEATKEEPER_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
};

export async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  // Node itself with tsx as a loader (not the tsx CLI, which runs the server in a grandchild):
  // the pid is the server's, so SIGKILL kills the server and SIGTERM reaches it.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts", "--api-only"],
    {
      env: {
        ...process.env,
        ...secrets,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        SEATKEEPER_LOG_LEVEL: "debug",
        SEATKEEPER_LEADER_CHECK_MS: "300",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The instance did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      if (!output.includes("is ready on")) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve();
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The instance exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    process: child,
    exited,
    logs: () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg?: string }),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A new, empty database next to the one DATABASE_URL names; dropped by `drop`. */
export async function freshDatabase(baseUrl: string) {
  const base = new URL(baseUrl);
  const name = `${base.pathname.slice(1)}_multi_${Date.now().toString(36)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

/** Polls until `check` is true; false after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, everyMs = 25) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}
