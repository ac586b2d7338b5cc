import { createClient, SeatkeeperError, type Session } from "@seatkeeper/client";
import { expect } from "@playwright/test";
import { licensePool, provision, test } from "./support";
import { SpareServer } from "./spare-server";

// The client SDK (packages/client) against the real server, as a licensed application uses it.

const baseUrl = () => test.info().project.use.baseURL!;
const fast = { baseDelayMs: 100, maxDelayMs: 1_000, retries: 4 };

test.describe("@seatkeeper/client", () => {
  test("a session heartbeats by itself at a third of its TTL and closes cleanly", async ({ request }) => {
    // The shortest heartbeat a pool allows (rule 22): the session beats every 3.3 s by itself.
    const t = await provision(request, { desk: { model: "concurrent", capacity: 1, heartbeatSeconds: 10 } });
    const client = createClient({ baseUrl: baseUrl(), apiKey: t.apiKey.secret, retry: fast });
    const session = await client.openSession({ module: t.modules.desk, clientType: "desktop", deviceId: "pc-1" });
    expect(session.info.heartbeatSeconds).toBe(10);
    const firstExpiry = session.info.expiresAt;
    await expect.poll(() => session.heartbeats, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(session.info.expiresAt > firstExpiry).toBe(true);
    expect((await licensePool(t, t.modules.desk)).inUse).toBe(1);
    await session.close();
    expect(session.active).toBe(false);
    expect((await licensePool(t, t.modules.desk)).inUse).toBe(0);
    await session.close();
  });

  test("refusals are SeatkeeperErrors with the API's code and numbers", async ({ request }) => {
    const t = await provision(request, { desk: { model: "concurrent", capacity: 1 } });
    const client = createClient({ baseUrl: baseUrl(), apiKey: t.apiKey.secret, retry: fast });
    const held = await client.openSession({ module: t.modules.desk, clientType: "desktop", deviceId: "pc-1" });
    const refusal = await client
      .openSession({ module: t.modules.desk, clientType: "desktop", deviceId: "pc-2" })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SeatkeeperError);
    expect(refusal).toMatchObject({ status: 409, code: "SESSION_LIMIT_REACHED", details: { limit: 1, inUse: 1 } });
    await held.close();
    const unknownKey = createClient({ baseUrl: baseUrl(), apiKey: "sk_live_unknown", retry: fast });
    await expect(unknownKey.license()).rejects.toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  test("activate, refresh and verify the lease offline against the cached JWKS", async ({ request }) => {
    const t = await provision(request, { desk: { model: "concurrent", capacity: 1, activationsPerLicense: 1 } });
    const client = createClient({ baseUrl: baseUrl(), apiKey: t.apiKey.secret, retry: fast });
    const activation = await client.activate({ module: t.modules.desk, fingerprint: "fp-1", platform: "desktop" });
    const claims = await client.verifyLease(activation.leaseToken, { fingerprint: "fp-1" });
    expect(claims).toMatchObject({ activation: activation.id, module: t.modules.desk, fingerprint: "fp-1" });

    const offline = createClient({ baseUrl: "http://127.0.0.1:9", apiKey: "none", jwks: await client.jwks() });
    const refreshed = await client.refresh(activation.id);
    expect((await offline.verifyLease(refreshed.leaseToken)).activation).toBe(activation.id);
    await expect(offline.verifyLease(refreshed.leaseToken, { fingerprint: "another" })).rejects.toMatchObject({
      code: "LEASE_INVALID",
    });
    const [header, payload] = refreshed.leaseToken.split(".");
    await expect(offline.verifyLease(`${header}.${payload}.${"A".repeat(86)}`)).rejects.toMatchObject({
      code: "LEASE_INVALID",
    });
    await client.release(activation.id);
    await expect(client.refresh(activation.id)).rejects.toMatchObject({ status: 404, code: "ACTIVATION_NOT_FOUND" });
  });

  test("the heartbeat loop rides out a server restart and the session lives on", async ({ request }) => {
    test.setTimeout(240_000);
    const server = await SpareServer.start();
    let session: Session | undefined;
    try {
      // On PostgreSQL the spare server shares the run's database: a contract of the test's own;
      // on the embedded database it has a data folder and demo of its own.
      const key = process.env.DATABASE_URL
        ? (await provision(request, { desk: { model: "concurrent", capacity: 2 } })).apiKey
        : server.demoKeys()[0]!;
      const retries: string[] = [];
      const client = createClient({
        baseUrl: server.url,
        apiKey: key.secret,
        retry: fast,
        onRetry: ({ reason }) => retries.push(reason),
      });
      const pool = (await client.license()).pools.find((p) => p.model === "concurrent" && p.available > 0)!;
      session = await client.openSession(
        { module: pool.module, clientType: "desktop", deviceId: `restart-${Date.now()}` },
        { heartbeatEveryMs: 300 },
      );
      await expect.poll(() => session!.heartbeats).toBeGreaterThanOrEqual(1);

      await server.down();
      await expect.poll(() => retries.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const beforeRestart = session.heartbeats;
      await server.up();
      await expect.poll(() => session!.heartbeats, { timeout: 30_000 }).toBeGreaterThan(beforeRestart);
      expect(session.active).toBe(true);
      await session.close();
      expect(session.active).toBe(false);
    } finally {
      await session?.close().catch(() => undefined);
      await server.down();
    }
  });
});
