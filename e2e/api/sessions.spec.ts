import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import {
  createProfile,
  createUser,
  licensePool,
  ok,
  openSession,
  openedSession,
  provision,
  refused,
  type PoolView,
  type SessionView,
  test,
} from "./support";

// Client API, sessions (SPEC §3; rules 6–8, 12, 13, 15) over real HTTP.

test.describe("client API: licence and sessions", () => {
  test("GET /license shows the key's contract and every pool with its numbers", async ({ request }) => {
    const t = await provision(request, {
      archive: {
        model: "concurrent",
        capacity: 4,
        minCapacity: 1,
        maxCapacity: 10,
        activationsPerLicense: 1,
        apiConnectsPerLicense: 10,
      },
      records: { model: "named", capacity: 2 },
    });
    const body = await ok<{
      contract: { id: string; status: string; plan: string | null; endsAt: string | null };
      pools: PoolView[];
    }>(t.client.get("/api/v1/license"));
    expect(body.contract).toEqual({ id: t.contract.id, status: "active", plan: null, endsAt: null });
    const period = new Date().toISOString().slice(0, 7);
    expect(body.pools).toHaveLength(2);
    expect(body.pools.find((p) => p.module === t.modules.archive)).toEqual({
      module: t.modules.archive,
      model: "concurrent",
      capacity: 4,
      limit: 4,
      inUse: 0,
      available: 4,
      activations: { limit: 4, inUse: 0 },
      apiConnects: { limit: 40, used: 0, period },
    });
    expect(body.pools.find((p) => p.module === t.modules.records)).toMatchObject({
      model: "named",
      capacity: 2,
      limit: 2,
      inUse: 0,
      available: 2,
    });
  });

  test("a session opens (201), heartbeats (200, expiresAt moves), closes (204, twice) and is then gone (404)", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 2, heartbeatSeconds: 90 } });
    const opened = await ok<{ session: SessionView }>(
      openSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc-1" }),
      201,
    );
    expect(opened.session).toMatchObject({
      module: t.modules.archive,
      clientType: "desktop",
      weight: 1,
      heartbeatSeconds: 90,
    });
    expect(opened.session.id).toMatch(/^[0-9a-f-]{36}$/);
    const expiresIn = new Date(opened.session.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(60_000);
    expect(expiresIn).toBeLessThanOrEqual(90_000);
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(1);

    const beat = await ok<{ session: SessionView }>(t.client.post(`/api/v1/sessions/${opened.session.id}/heartbeat`));
    expect(beat.session).toMatchObject({ id: opened.session.id, module: t.modules.archive, weight: 1 });
    expect(new Date(beat.session.expiresAt).getTime()).toBeGreaterThan(new Date(opened.session.expiresAt).getTime());

    expect((await t.client.delete(`/api/v1/sessions/${opened.session.id}`)).status()).toBe(204);
    expect((await t.client.delete(`/api/v1/sessions/${opened.session.id}`)).status()).toBe(204);
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(0);
    await refused(t.client.post(`/api/v1/sessions/${opened.session.id}/heartbeat`), 404, "SESSION_NOT_FOUND");
  });

  test("unknown and malformed session ids answer 404", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    await refused(t.client.delete(`/api/v1/sessions/${randomUUID()}`), 404, "SESSION_NOT_FOUND");
    await refused(t.client.delete("/api/v1/sessions/not-a-uuid"), 404, "SESSION_NOT_FOUND");
    await refused(t.client.post(`/api/v1/sessions/${randomUUID()}/heartbeat`), 404, "SESSION_NOT_FOUND");
    await refused(t.client.post("/api/v1/sessions/12345/heartbeat"), 404, "SESSION_NOT_FOUND");
  });

  test("a full pool refuses with SESSION_LIMIT_REACHED and its limit and use", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 2 } });
    await openedSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc-1" });
    await openedSession(t.client, { module: t.modules.archive, clientType: "web", deviceId: "pc-1" });
    const error = await refused(
      openSession(t.client, { module: t.modules.archive, clientType: "web", deviceId: "pc-2" }),
      409,
      "SESSION_LIMIT_REACHED",
    );
    expect(error).toMatchObject({ limit: 2, inUse: 2 });
    expect(error.message).toContain("2");
  });

  test("an integration acting for N users takes N seats, and only integrations may weigh more than 1", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 5 } });
    const s = await openedSession(t.client, {
      module: t.modules.archive,
      clientType: "integration",
      deviceId: "etl-1",
      weight: 3,
    });
    expect(s.weight).toBe(3);
    expect(await licensePool(t, t.modules.archive)).toMatchObject({ inUse: 3, available: 2 });
    expect(
      await refused(
        openSession(t.client, { module: t.modules.archive, clientType: "integration", deviceId: "etl-2", weight: 3 }),
        409,
        "SESSION_LIMIT_REACHED",
      ),
    ).toMatchObject({ limit: 5, inUse: 3 });
    const invalid = await refused(
      openSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc", weight: 2 }),
      400,
      "VALIDATION_FAILED",
    );
    expect(invalid.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "weight" })]));
  });

  test("API sessions spend API connects until API_QUOTA_EXHAUSTED with the quota and its reset", async ({
    request,
  }) => {
    const t = await provision(request, {
      archive: { model: "concurrent", capacity: 1, apiConnectsPerLicense: 1, extraApiConnects: 1 },
    });
    for (let i = 0; i < 2; i++) {
      const s = await openedSession(t.client, {
        module: t.modules.archive,
        clientType: "api",
        deviceId: `script-${i}`,
      });
      expect((await t.client.delete(`/api/v1/sessions/${s.id}`)).status()).toBe(204);
    }
    const error = await refused(
      openSession(t.client, { module: t.modules.archive, clientType: "api", deviceId: "script-3" }),
      429,
      "API_QUOTA_EXHAUSTED",
    );
    const now = new Date();
    expect(error).toMatchObject({
      limit: 2,
      used: 2,
      resetsAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    });
    expect((await licensePool(t, t.modules.archive)).apiConnects).toMatchObject({ limit: 2, used: 2 });
  });

  test("an API session needs a free seat too: a full pool refuses it and spends no connect", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1, apiConnectsPerLicense: 10 } });
    await openedSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc-1" });
    expect(
      await refused(
        openSession(t.client, { module: t.modules.archive, clientType: "api", deviceId: "script" }),
        409,
        "SESSION_LIMIT_REACHED",
      ),
    ).toMatchObject({ limit: 1, inUse: 1 });
    expect((await licensePool(t, t.modules.archive)).apiConnects).toMatchObject({ limit: 10, used: 0 });
  });

  test("a suspended contract refuses with CONTRACT_INACTIVE and ends its live sessions", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 3 } });
    const live = await openedSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc-1" });
    const { contract } = await ok<{ contract: { id: string; status: string; sessionsEnded: number } }>(
      t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}`, { status: "suspended" }),
    );
    expect(contract).toMatchObject({ id: t.contract.id, status: "suspended", sessionsEnded: 1 });
    await refused(
      openSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: "pc-2" }),
      403,
      "CONTRACT_INACTIVE",
    );
    expect(
      await refused(t.client.post(`/api/v1/sessions/${live.id}/heartbeat`), 404, "SESSION_NOT_FOUND"),
    ).toMatchObject({ reason: "contract_inactive" });
    expect((await ok<{ contract: { status: string } }>(t.client.get("/api/v1/license"))).contract.status).toBe(
      "suspended",
    );
  });

  test("a deactivated user's sessions end at once and their next heartbeat says seat_revoked", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 3 } });
    const profile = await createProfile(t, "Archivists", [t.modules.archive]);
    const ada = await createUser(t, { username: "ada", profileId: profile.id, credentials: "issued" });
    const live = await openedSession(t.client, {
      module: t.modules.archive,
      clientType: "desktop",
      deviceId: "pc-1",
      username: "ada",
    });
    await ok(t.manage.patch(`/api/v1/manage/users/${ada.id}`, { status: "inactive" }));
    expect(
      await refused(t.client.post(`/api/v1/sessions/${live.id}/heartbeat`), 404, "SESSION_NOT_FOUND"),
    ).toMatchObject({ reason: "seat_revoked" });
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(0);
  });

  test("an unknown module answers MODULE_NOT_LICENSED", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    expect(
      await refused(
        openSession(t.client, { module: `missing-${t.tag}`, clientType: "desktop", deviceId: "pc" }),
        404,
        "MODULE_NOT_LICENSED",
      ),
    ).toMatchObject({ module: `missing-${t.tag}` });
  });

  test("40 racing opens on a pool of 5: exactly 5 succeed", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 5 } });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        openSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId: `racer-${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(35);
    expect(await licensePool(t, t.modules.archive)).toMatchObject({ inUse: 5, available: 0 });
  });
});
