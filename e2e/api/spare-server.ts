import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "@playwright/test";
import { seededDataFolder } from "../seeded-folder";

// A second server.ts of its own, for the test that restarts a server under a running client:
// on PostgreSQL it shares the run's database (DATABASE_URL), on the embedded database it has a
// data folder of its own, with a copy of the suite's demo.

export type DemoKey = { organization: string; contractId: string; secret: string };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class SpareServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start() {
    const dataDir = process.env.DATABASE_URL
      ? process.env.SEATKEEPER_E2E_DATA_DIR!
      : seededDataFolder("seatkeeper-spare-");
    const server = new SpareServer(await freePort(), dataDir);
    await server.up();
    return server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The demo's contract API keys (the demo this server's database was loaded with). */
  demoKeys(): DemoKey[] {
    return JSON.parse(fs.readFileSync(path.join(this.dataDir, "demo-api-keys.json"), "utf8")) as DemoKey[];
  }

  async up() {
    const env = {
      ...process.env,
      PORT: String(this.port),
      AUTH_SECRET: "seatkeeper-e2e-auth-secret-not-for-production-use",
      SEATKEEPER_SIGNING_KEY: process.env.SEATKEEPER_E2E_SIGNING_KEY!,
      SEATKEEPER_DATA_DIR: this.dataDir,
      SEATKEEPER_RATE_LIMIT: "0",
    };
    this.child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts"], {
      env,
      stdio: "ignore",
      detached: true,
    });
    await expect
      .poll(async () => (await fetch(`${this.url}/api/health`).catch(() => null))?.status ?? 0, {
        timeout: 120_000,
        intervals: [250],
      })
      .toBe(200);
  }

  /** Stops the server (SIGTERM to its process group) and waits until it is gone. */
  async down() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
}
