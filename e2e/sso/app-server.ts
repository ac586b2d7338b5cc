import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { seededDataFolder } from "../seeded-folder";

/** A free port on 127.0.0.1, as the system hands it out. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A second Seatkeeper server (the same production build, server.ts) with extra environment, for
 * specs that need settings the suite's server doesn't have. On the embedded database it has a
 * data folder of its own (a copy of the suite's demo); on PostgreSQL it shares the suite's
 * database, as a second instance would.
 */
export async function startAppServer(port: number, extraEnv: Record<string, string>) {
  const dataDir = seededDataFolder("seatkeeper-e2e-sso-");
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts"],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        AUTH_SECRET: "seatkeeper-e2e-sso-auth-secret-not-for-production",
        SEATKEEPER_SIGNING_KEY: process.env.SEATKEEPER_E2E_SIGNING_KEY ?? "",
        SEATKEEPER_DATA_DIR: dataDir,
        ...extraEnv,
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  // Kept for a failed start, and shown with the spec's output for a failed test.
  const collect = (d: Buffer) => {
    output += d.toString();
    process.stderr.write(d);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The SSO server exited early:\n${output}`);
    const ready = await fetch(`${url}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`The SSO server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
