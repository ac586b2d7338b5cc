import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import {
  Caller,
  createProfile,
  createUser,
  ok,
  openedSession,
  operatorToken,
  provision,
  refused,
  uniqueTag,
  usagePool,
  type PoolView,
  type UserView,
  test,
} from "./support";

// Management API (SPEC §4), row by row, over real HTTP with an operator token.

test.describe("management API: catalogue and contracts", () => {
  test("modules: 201 when new, 200 for the same key and name, 409 for the same key with another name", async ({
    request,
  }) => {
    const manage = new Caller(request, operatorToken());
    const key = `catalogue-${uniqueTag()}`;
    const created = await ok<{ module: { id: string; key: string; name: string } }>(
      manage.post("/api/v1/manage/modules", { key, name: "Case Management" }),
      201,
    );
    expect(created.module).toMatchObject({ key, name: "Case Management" });
    const again = await ok<{ module: { id: string } }>(
      manage.post("/api/v1/manage/modules", { key, name: "Case Management" }),
      200,
    );
    expect(again.module.id).toBe(created.module.id);
    expect(
      await refused(manage.post("/api/v1/manage/modules", { key, name: "Something Else" }), 409, "CONFLICT"),
    ).toMatchObject({ key });
    const badKey = await refused(
      manage.post("/api/v1/manage/modules", { key: "Not A Key", name: "x" }),
      400,
      "VALIDATION_FAILED",
    );
    expect(badKey.issues).toEqual([expect.objectContaining({ path: "key" })]);
  });

  test("organizations: 201 with an id and a site ID (generated or given)", async ({ request }) => {
    const manage = new Caller(request, operatorToken());
    const tag = uniqueTag();
    const generated = await ok<{ organization: { id: string; name: string; siteId: string } }>(
      manage.post("/api/v1/manage/organizations", { name: `Fjord ${tag}` }),
      201,
    );
    expect(generated.organization).toMatchObject({ name: `Fjord ${tag}`, siteId: expect.stringMatching(/^SITE-/) });
    const given = await ok<{ organization: { siteId: string } }>(
      manage.post("/api/v1/manage/organizations", { name: `Basalt ${tag}`, siteId: `B-${tag}` }),
      201,
    );
    expect(given.organization.siteId).toBe(`B-${tag}`);
    expect(generated.organization).toMatchObject({ timeZone: "UTC" });
    const zoned = await ok<{ organization: { timeZone: string } }>(
      manage.post("/api/v1/manage/organizations", { name: `Oslo ${tag}`, timeZone: "Europe/Oslo" }),
      201,
    );
    expect(zoned.organization.timeZone).toBe("Europe/Oslo");
    await refused(
      manage.post("/api/v1/manage/organizations", { name: `Mars ${tag}`, timeZone: "Mars/Olympus" }),
      400,
      "VALIDATION_FAILED",
    );
    await refused(
      manage.post("/api/v1/manage/organizations", { name: `Copy ${tag}`, siteId: `B-${tag}` }),
      409,
      "CONFLICT",
    );
  });

  test("contracts: 201 with its pools; bad input and unknown modules answer 422", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 3 } });
    const other = await ok<{ organization: { id: string } }>(
      t.manage.post("/api/v1/manage/organizations", { name: `Second ${t.tag}` }),
      201,
    );
    const body = await ok<{
      contract: {
        id: string;
        status: string;
        organizationId: string;
        pools: (PoolView & { minCapacity: number; maxCapacity: number | null; heartbeatSeconds: number })[];
      };
    }>(
      t.manage.post("/api/v1/manage/contracts", {
        organizationId: other.organization.id,
        endsAt: "2099-12-31",
        pools: [
          {
            module: t.modules.archive,
            model: "concurrent",
            capacity: 5,
            minCapacity: 3,
            maxCapacity: 35,
            apiConnectsPerLicense: 10,
            heartbeatSeconds: 60,
          },
        ],
      }),
      201,
    );
    expect(body.contract).toMatchObject({ status: "active", organizationId: other.organization.id });
    expect(body.contract.pools).toEqual([
      expect.objectContaining({
        module: t.modules.archive,
        model: "concurrent",
        capacity: 5,
        minCapacity: 3,
        maxCapacity: 35,
        heartbeatSeconds: 60,
      }),
    ]);

    const create = (pools: unknown[], organizationId = other.organization.id) =>
      t.manage.post("/api/v1/manage/contracts", { organizationId, pools });
    expect(
      await refused(create([{ module: `ghost-${t.tag}`, model: "named", capacity: 1 }]), 422, "INVALID"),
    ).toMatchObject({ missing: [`ghost-${t.tag}`] });
    await refused(
      create([{ module: t.modules.archive, model: "concurrent", capacity: 50, maxCapacity: 35 }]),
      422,
      "INVALID",
    );
    await refused(create([{ module: t.modules.archive, model: "concurrent", capacity: 1 }]), 422, "INVALID");
    await refused(create([]), 422, "INVALID");
    await refused(create([{ module: t.modules.archive, model: "named", capacity: 1 }], randomUUID()), 422, "INVALID");
    await refused(create([{ module: t.modules.archive, model: "sometimes", capacity: -2 }]), 400, "VALIDATION_FAILED");
  });

  test("PATCH contract changes status and end date (200)", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const url = `/api/v1/manage/contracts/${t.contract.id}`;
    expect(
      (await ok<{ contract: { status: string } }>(t.manage.patch(url, { status: "suspended" }))).contract.status,
    ).toBe("suspended");
    const back = await ok<{ contract: { status: string; endsAt: string } }>(
      t.manage.patch(url, { status: "active", endsAt: "2098-06-30" }),
    );
    // Rule 20: 2098-06-30 is in force through that whole day (UTC here): it ends when 1 July begins.
    expect(back.contract).toMatchObject({ status: "active", endsAt: "2098-07-01T00:00:00.000Z" });
    expect((await ok<{ contract: { endsAt: string } }>(t.client.get("/api/v1/license"))).contract.endsAt).toBe(
      "2098-07-01T00:00:00.000Z",
    );
    await refused(t.manage.patch(url, { status: "paused" }), 400, "VALIDATION_FAILED");
    await refused(t.manage.patch(`/api/v1/manage/contracts/${randomUUID()}`, { status: "active" }), 404, "NOT_FOUND");
  });

  test("PATCH pool: 200 within bounds, CAPACITY_BELOW_USAGE under use, CAPACITY_OUT_OF_BOUNDS outside bounds", async ({
    request,
  }) => {
    const t = await provision(request, {
      archive: { model: "concurrent", capacity: 4, minCapacity: 1, maxCapacity: 6 },
    });
    const url = `/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.archive}`;
    for (const deviceId of ["a", "b", "c"])
      await openedSession(t.client, { module: t.modules.archive, clientType: "desktop", deviceId });

    const grown = await ok<{ pool: { capacity: number; module: string } }>(
      t.manage.patch(url, { capacity: 6, apiConnectsPerLicense: 2 }),
    );
    expect(grown.pool).toMatchObject({ capacity: 6, module: t.modules.archive });
    expect(await usagePool(t, t.modules.archive)).toMatchObject({
      capacity: 6,
      limit: 6,
      inUse: 3,
      apiConnects: expect.objectContaining({ limit: 12 }),
    });

    const below = await refused(t.manage.patch(url, { capacity: 2 }), 409, "CAPACITY_BELOW_USAGE");
    expect(below).toMatchObject({ inUse: 3, mustFree: 1 });
    expect(below.message).toContain("3");
    expect(await refused(t.manage.patch(url, { capacity: 7 }), 422, "CAPACITY_OUT_OF_BOUNDS")).toMatchObject({
      min: 1,
      max: 6,
    });
    expect(await refused(t.manage.patch(url, { capacity: 0 }), 422, "CAPACITY_OUT_OF_BOUNDS")).toMatchObject({
      min: 1,
      max: 6,
    });
    expect((await usagePool(t, t.modules.archive)).capacity).toBe(6);
    await ok(t.manage.patch(url, { capacity: 3 }));
    await refused(
      t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/unknown-${t.tag}`, { capacity: 1 }),
      404,
      "NOT_FOUND",
    );
  });

  test("API keys: 201 with the secret once, and the secret works on the client API", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const created = await ok<{ apiKey: { id: string; name: string }; secret: string }>(
      t.manage.post(`/api/v1/manage/contracts/${t.contract.id}/api-keys`, { name: "Branch office" }),
      201,
    );
    expect(Object.keys(created).sort()).toEqual(["apiKey", "secret"]);
    expect(Object.keys(created.apiKey).sort()).toEqual(["id", "name"]);
    expect(created.apiKey.name).toBe("Branch office");
    const license = await ok<{ contract: { id: string } }>(new Caller(request, created.secret).get("/api/v1/license"));
    expect(license.contract.id).toBe(t.contract.id);
    await refused(t.manage.post(`/api/v1/manage/contracts/${randomUUID()}/api-keys`, { name: "x" }), 404, "NOT_FOUND");
  });
});

test.describe("management API: profiles, users and usage", () => {
  test("profiles: 201; adding a module its members would exceed is refused with the shortage", async ({ request }) => {
    const t = await provision(request, {
      cases: { model: "named", capacity: 3, name: "Case Management" },
      docs: { model: "named", capacity: 1, name: "Documents" },
    });
    const profile = await createProfile(t, "Lawyers", [t.modules.cases]);
    expect(profile).toMatchObject({ name: "Lawyers", modules: [t.modules.cases] });
    for (const username of ["ann", "bob", "cy"])
      await createUser(t, { username, profileId: profile.id, credentials: "issued" });

    const short = await refused(
      t.manage.patch(`/api/v1/manage/profiles/${profile.id}`, { modules: [t.modules.cases, t.modules.docs] }),
      409,
      "INSUFFICIENT_LICENSES",
    );
    expect(short.shortages).toEqual([expect.objectContaining({ module: t.modules.docs, needed: 3, available: 1 })]);
    expect(short.message).toContain(`${t.moduleNames.docs}: 3 needed, 1 available`);
    expect(await usagePool(t, t.modules.docs)).toMatchObject({ inUse: 0 });

    const renamed = await ok<{ profile: { name: string; modules: string[] } }>(
      t.manage.patch(`/api/v1/manage/profiles/${profile.id}`, { name: "Partners" }),
    );
    expect(renamed.profile).toMatchObject({ name: "Partners", modules: [t.modules.cases] });
    await ok(t.manage.patch(`/api/v1/manage/profiles/${profile.id}`, { modules: [] }));
    expect(await usagePool(t, t.modules.cases)).toMatchObject({ inUse: 0 });
  });

  test("users: 201, USERNAME_TAKEN case-insensitively, INSUFFICIENT_LICENSES, PATCH and DELETE free seats", async ({
    request,
  }) => {
    const t = await provision(request, { cases: { model: "named", capacity: 1, name: "Case Management" } });
    const profile = await createProfile(t, "Lawyers", [t.modules.cases]);
    const ann = await createUser(t, {
      username: "Ann",
      profileId: profile.id,
      credentials: "issued",
      validTo: "2099-01-31",
    });
    expect(ann).toMatchObject({
      username: "Ann",
      status: "active",
      credentials: "issued",
      validTo: "2099-01-31",
      profileId: profile.id,
    });
    const users = `/api/v1/manage/organizations/${t.organization.id}/users`;
    expect(
      await refused(t.manage.post(users, { username: "ANN", email: "ann2@x.test" }), 409, "USERNAME_TAKEN"),
    ).toMatchObject({ username: "ANN" });

    const short = await refused(
      t.manage.post(users, { username: "bob", email: "bob@x.test", profileId: profile.id, credentials: "issued" }),
      409,
      "INSUFFICIENT_LICENSES",
    );
    expect(short.shortages).toEqual([expect.objectContaining({ module: t.modules.cases, needed: 1, available: 0 })]);
    const bob = await createUser(t, { username: "bob", profileId: profile.id, credentials: "none" });
    await refused(
      t.manage.patch(`/api/v1/manage/users/${bob.id}`, { credentials: "issued" }),
      409,
      "INSUFFICIENT_LICENSES",
    );

    const changed = await ok<{ user: UserView }>(
      t.manage.patch(`/api/v1/manage/users/${ann.id}`, { email: "ann@new.test", status: "active" }),
    );
    expect(changed.user).toMatchObject({ id: ann.id, status: "active" });
    expect((await t.manage.delete(`/api/v1/manage/users/${ann.id}`)).status()).toBe(204);
    expect(await usagePool(t, t.modules.cases)).toMatchObject({ inUse: 0, available: 1 });
    expect(
      (await ok<{ user: UserView }>(t.manage.patch(`/api/v1/manage/users/${bob.id}`, { credentials: "issued" }))).user
        .credentials,
    ).toBe("issued");
    expect(await usagePool(t, t.modules.cases)).toMatchObject({ inUse: 1 });
    await refused(t.manage.delete(`/api/v1/manage/users/${ann.id}`), 404, "NOT_FOUND");
    await refused(
      t.manage.post(`/api/v1/manage/organizations/${randomUUID()}/users`, { username: "x", email: "x@x.test" }),
      404,
      "NOT_FOUND",
    );
  });

  test("usage: 200 with every contract and pool; 404 for an unknown organization", async ({ request }) => {
    const t = await provision(request, {
      cases: { model: "named", capacity: 2 },
      archive: { model: "concurrent", capacity: 3, activationsPerLicense: 1, apiConnectsPerLicense: 10 },
    });
    await openedSession(t.client, { module: t.modules.archive, clientType: "web", deviceId: "pc" });
    const usage = await ok<{
      organization: { id: string; name: string };
      contracts: { id: string; status: string; plan: string | null; endsAt: string | null; pools: PoolView[] }[];
    }>(t.manage.get(`/api/v1/manage/organizations/${t.organization.id}/usage`));
    expect(usage.organization).toEqual({ id: t.organization.id, name: t.organization.name });
    expect(usage.contracts).toEqual([
      expect.objectContaining({ id: t.contract.id, status: "active", plan: null, endsAt: null }),
    ]);
    const pools = usage.contracts[0]!.pools;
    expect(pools.find((p) => p.module === t.modules.archive)).toEqual({
      module: t.modules.archive,
      model: "concurrent",
      capacity: 3,
      limit: 3,
      inUse: 1,
      available: 2,
      activations: { limit: 3, inUse: 0 },
      apiConnects: { limit: 30, used: 0, period: new Date().toISOString().slice(0, 7) },
      pricePerLicense: null,
    });
    expect(pools.find((p) => p.module === t.modules.cases)).toMatchObject({ model: "named", capacity: 2, inUse: 0 });
    await refused(t.manage.get(`/api/v1/manage/organizations/${randomUUID()}/usage`), 404, "NOT_FOUND");
    await refused(t.manage.get("/api/v1/manage/organizations/not-an-id/usage"), 404, "NOT_FOUND");
  });
});
