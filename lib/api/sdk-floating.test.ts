import { createClient, type SeatkeeperError } from "@seatkeeper/client";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, sessionWaiters } from "@/db/schema";
import type { Database } from "@/db/client";
import { updatePool } from "@/lib/licensing/contracts";
import { createApiKey } from "@/lib/licensing/tokens";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { createApiApp } from "./app";
import { VENDOR } from "@/lib/licensing/input";

// The client SDK's floating-licence calls (rule 25) against the route table's application, on
// the test database: what a licensed application sees.

let db: Database;
let app: ReturnType<typeof createApiApp>;
beforeAll(async () => {
  db = await testDb();
  app = createApiApp({ db: () => db });
});

async function clientFor(pool: Record<string, unknown>) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2, ...pool }] });
  const { secret } = await createApiKey(db, testOperator, f.contract.id, "sdk");
  const client = createClient({
    baseUrl: "http://localhost",
    apiKey: secret,
    retry: { baseDelayMs: 10, maxDelayMs: 50, retries: 2 },
    fetch: async (input, init) => app.fetch(new Request(input, init)),
  });
  return { ...f, client };
}

describe("@seatkeeper/client and rule 25", () => {
  it("reports idleness with each heartbeat, and says so when the server reclaims the seat", async () => {
    const f = await clientFor({});
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { idleTimeoutMinutes: 5 }, VENDOR);
    let idle = 60;
    let lost: SeatkeeperError | undefined;
    const session = await f.client.openSession(
      { module: f.mod("cm"), clientType: "desktop", deviceId: "pc-1" },
      { heartbeatEveryMs: 20, idleSeconds: () => idle, onLost: (e) => (lost = e) },
    );
    await expect.poll(() => session.heartbeats, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.idleSince).not.toBeNull();
    idle = 6 * 60;
    await expect.poll(() => lost?.code, { timeout: 20_000 }).toBe("SESSION_NOT_FOUND");
    expect(lost!.details).toMatchObject({ reason: "idle" });
    expect(session.active).toBe(false);
  });

  it("waits in line with openSession({ wait }) and gets the freed seat", async () => {
    const f = await clientFor({ capacity: 1 });
    const body = { module: f.mod("cm"), clientType: "desktop" as const, deviceId: "pc-1" };
    const held = await f.client.openSession(body);
    const waiting = f.client.openSession({ ...body, deviceId: "pc-2", wait: 30 });
    const inLine = () =>
      db
        .select()
        .from(sessionWaiters)
        .where(eq(sessionWaiters.poolId, f.pool("cm").id));
    await expect.poll(async () => (await inLine()).length, { timeout: 20_000 }).toBe(1);
    await held.close();
    const served = await waiting;
    expect(served.info.waitedMs).toBeGreaterThan(0);
    await served.close();
    const refused = await f.client.openSession({ ...body, wait: 61 }).catch((e: unknown) => e as SeatkeeperError);
    expect(refused).toMatchObject({ status: 422, code: "VALUE_OUT_OF_RANGE" });
  });

  it("heartbeats without a body when the application reports no idleness", async () => {
    const f = await clientFor({});
    const session = await f.client.openSession(
      { module: f.mod("cm"), clientType: "desktop", deviceId: "pc-1" },
      { heartbeatEveryMs: 20 },
    );
    await expect.poll(() => session.heartbeats, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await session.close();
  });
});
