import { describe, expect, it } from "vitest";
import { benchEnvironment, startServer } from "@/lib/bench/server-process";
import { demoAccounts } from "@/lib/runtime/demo-data";
import { freePort } from "@/lib/testing/instances";

// What a person sees in the terminal after `npm start` on a new embedded database, and on every
// start after it: progress while it migrates and loads the demo, then one plain ready line with
// the demo's sign-ins.

describe("starting Seatkeeper on the embedded database", () => {
  it("says what it is doing, then prints a plain ready line with the demo sign-ins on every start", async () => {
    const port = await freePort();
    const { env, cleanup } = benchEnvironment(port);
    delete env.DATABASE_URL;
    try {
      for (const start of ["first", "second"]) {
        const server = await startServer(env, process.cwd(), [], ["--api-only"]);
        await server.stop();
        const output = server.output();
        expect(output, start).toMatch(/^Opening the embedded database in .+ and applying its migrations…$/m);
        expect(output, start).toMatch(new RegExp(`^Seatkeeper is ready on http://localhost:${port}$`, "m"));
        const afterReady = output.slice(output.indexOf(`Seatkeeper is ready on http://localhost:${port}\n`));
        for (const account of demoAccounts) expect(afterReady, start).toContain(`${account.email}`);
        if (start === "first") expect(output).toContain("Demo loaded. Sign in with:");
        else expect(output).not.toContain("Demo loaded.");
      }
    } finally {
      cleanup();
    }
  }, 240_000);
});
