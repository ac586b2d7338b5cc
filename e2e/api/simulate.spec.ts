import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "@playwright/test";
import { ok, provision, type PoolView, test } from "./support";

// `npm run simulate` (SPEC §3): a few seconds of traffic against this run's server with
// a contract of its own, so the simulator can't rot and never over-allocates.

const run = promisify(execFile);

test("the traffic simulator opens, heartbeats and closes sessions and activates devices, within the limits", async ({
  request,
}) => {
  test.setTimeout(60_000);
  const t = await provision(request, {
    desk: { model: "concurrent", capacity: 2, activationsPerLicense: 1, apiConnectsPerLicense: 5 },
  });
  const baseURL = test.info().project.use.baseURL!;
  const { stdout } = await run(
    "npx",
    [
      "tsx",
      "--import",
      "./scripts/register.mjs",
      "scripts/simulate.ts",
      "--url",
      baseURL,
      "--key",
      t.apiKey.secret,
      "--seconds",
      "4",
      "--clients",
      "4",
    ],
    { timeout: 45_000 },
  );
  const summary = stdout.trim().split("\n").at(-1)!;
  expect(summary).toMatch(/^Done\. /);
  expect(summary).toMatch(/opened: [1-9]/);
  expect(summary).toMatch(/activated: [1-9]/);

  const { pools } = await ok<{ pools: PoolView[] }>(t.client.get("/api/v1/license"));
  const [pool] = pools;
  expect(pool!.inUse).toBeLessThanOrEqual(pool!.limit);
  expect(pool!.activations.inUse).toBeLessThanOrEqual(pool!.activations.limit);
});

test("the simulator refuses bad arguments with a sentence and exit code 2", async () => {
  const failure = await run("npx", [
    "tsx",
    "--import",
    "./scripts/register.mjs",
    "scripts/simulate.ts",
    "--seconds",
    "0",
  ]).catch((e: { code: number; stderr: string }) => e);
  expect(failure).toMatchObject({ code: 2 });
  expect((failure as { stderr: string }).stderr).toContain("--seconds must be a whole number between 1 and 86400.");
});
