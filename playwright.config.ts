import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The suite runs against the production build (`next build` first) served by server.ts, on a
// fresh embedded database per run unless DATABASE_URL points at PostgreSQL. This file is loaded
// by the runner and again by each worker: values made here are kept in process.env, which the
// workers inherit, so one run uses one data folder and one signing key. The data folder exists on
// PostgreSQL runs too: the demo's API keys and the run's operator token (scripts/e2e-server.sh)
// are written there for the specs, while the server's database is DATABASE_URL.

/**
 * Debian's Chromium for the suite: its headless shell (package chromium-headless-shell, the same
 * Blink without the browser's own windows and UI processes) when installed, which costs the two
 * cores less per page, else the full browser in headless mode.
 */
function chromiumPath() {
  const shell = "/usr/bin/chromium-headless-shell";
  return fs.existsSync(shell) ? shell : "/usr/bin/chromium";
}

const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${PORT}`;
const isCI = Boolean(process.env.CI);

process.env.SEATKEEPER_E2E_DATA_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-e2e-"));
process.env.SEATKEEPER_E2E_SIGNING_KEY ??=
  process.env.SEATKEEPER_SIGNING_KEY ??
  generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();

const serverEnv: Record<string, string> = {
  PORT: String(PORT),
  AUTH_SECRET: process.env.AUTH_SECRET ?? "seatkeeper-e2e-auth-secret-not-for-production-use",
  SEATKEEPER_SIGNING_KEY: process.env.SEATKEEPER_E2E_SIGNING_KEY,
  SEATKEEPER_E2E_DATA_DIR: process.env.SEATKEEPER_E2E_DATA_DIR,
  // Low enough that e2e/api proves RATE_LIMITED with a few hundred cheap requests, high enough
  // that no other test (each uses its own keys) comes near it.
  SEATKEEPER_RATE_LIMIT: "300",
  // Specs that trip per-address limits (sign-in throttling, invalid API keys) send an
  // X-Forwarded-For address of their own, so the rest of the suite (127.0.0.1) is never slowed.
  SEATKEEPER_TRUST_PROXY: "true",
  // The run's folder: the embedded database, or with DATABASE_URL only the files the demo
  // writes (its API keys, which the dashboard specs use).
  SEATKEEPER_DATA_DIR: process.env.SEATKEEPER_E2E_DATA_DIR,
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: isCI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    // Recording a trace snapshots the page at every step, which costs the two cores more than many
    // tests do: in CI only a failed test's retry records one.
    trace: isCI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "chromium", dependencies: ["setup"], testIgnore: /[\\/]api[\\/]/, use: { ...devices["Desktop Chrome"] } },
    // Both APIs over real HTTP (SPEC §3–4): the `request` fixture only, no browser, no sign-in.
    { name: "api", testDir: "e2e/api" },
  ],
  webServer: {
    // Demo, then an operator token for e2e/api (written to the data folder), then server.ts.
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/login`,
    env: serverEnv,
    reuseExistingServer: !isCI,
    // Generous: before it listens, the server migrates and loads the demo (bcrypt hashing).
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
