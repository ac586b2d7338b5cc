import { expect } from "@playwright/test";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import {
  createProfile,
  createUser,
  dayFromToday,
  licensePool,
  ok,
  openSession,
  openedSession,
  provision,
  refused,
  usagePool,
  type ActivationView,
  test,
} from "./support";

// One scenario per source document (shared/seeds, README there), written from SPEC's rules and
// played against the production server through both APIs.

type Activated = { activation: ActivationView };

test("ecoDMS (seed 000): a licence is one connection, one mobile activation and 10 API connects a month", async ({
  request,
}) => {
  const t = await provision(
    request,
    {
      archive: {
        model: "concurrent",
        capacity: 1,
        minCapacity: 1,
        activationsPerLicense: 1,
        apiConnectsPerLicense: 10,
        name: "ecoDMS Archive",
      },
    },
    "ecoDMS customer",
  );
  const archive = t.modules.archive;
  const pool = `/api/v1/manage/contracts/${t.contract.id}/pools/${archive}`;

  // One licence: the desktop client connects; the web client at the same time needs a second licence.
  const desktop = await openedSession(t.client, { module: archive, clientType: "desktop", deviceId: "office-pc" });
  const refusal = await refused(
    openSession(t.client, { module: archive, clientType: "web", deviceId: "office-pc" }),
    409,
    "SESSION_LIMIT_REACHED",
  );
  expect(refusal).toMatchObject({ limit: 1, inUse: 1 });
  expect(refusal.message).toContain("1");
  // The API also needs a free connection: refused, and no API connect is spent.
  await refused(
    openSession(t.client, { module: archive, clientType: "api", deviceId: "scanner-script" }),
    409,
    "SESSION_LIMIT_REACHED",
  );
  expect((await licensePool(t, archive)).apiConnects).toMatchObject({ limit: 10, used: 0 });

  await ok(t.manage.patch(pool, { capacity: 2 }));
  await openedSession(t.client, { module: archive, clientType: "web", deviceId: "office-pc" });
  expect(await licensePool(t, archive)).toMatchObject({ limit: 2, inUse: 2, available: 0 });

  // One free mobile activation per licence: two licences, two phones.
  await ok(t.client.post("/api/v1/activations", { module: archive, fingerprint: "phone-1", platform: "mobile" }), 201);
  await ok(t.client.post("/api/v1/activations", { module: archive, fingerprint: "tablet-1", platform: "mobile" }), 201);
  expect(
    await refused(
      t.client.post("/api/v1/activations", { module: archive, fingerprint: "phone-2", platform: "mobile" }),
      409,
      "DEVICE_LIMIT_REACHED",
    ),
  ).toMatchObject({ limit: 2, inUse: 2 });

  // 10 API connects per licence per month: 20 with two licences, each API session spends one.
  expect((await t.client.delete(`/api/v1/sessions/${desktop.id}`)).status()).toBe(204);
  for (let i = 0; i < 20; i++) {
    const s = await openedSession(t.client, { module: archive, clientType: "api", deviceId: `scanner-${i}` });
    expect((await t.client.delete(`/api/v1/sessions/${s.id}`)).status()).toBe(204);
  }
  const quota = await refused(
    openSession(t.client, { module: archive, clientType: "api", deviceId: "scanner-21" }),
    429,
    "API_QUOTA_EXHAUSTED",
  );
  expect(quota).toMatchObject({
    limit: 20,
    used: 20,
    resetsAt: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00.000Z$/),
  });
  expect(await licensePool(t, archive)).toMatchObject({
    inUse: 1,
    apiConnects: expect.objectContaining({ limit: 20, used: 20 }),
  });
});

test("ERP.net (seed 001): Basic plan with 3 concurrent sessions; sessions count per connection; integrations count per user", async ({
  request,
}) => {
  const t = await provision(
    request,
    { erp: { model: "concurrent", capacity: 3, minCapacity: 3, maxCapacity: 35, name: "ERP.net" } },
    "ERP.net customer",
  );
  const erp = t.modules.erp;
  const everyone = await createProfile(t, "Staff", [erp]);
  for (const username of ["maria", "ivan", "petra"])
    await createUser(t, { username, profileId: everyone.id, credentials: "issued" });

  // The same user on two devices is two sessions.
  await openedSession(t.client, { module: erp, clientType: "desktop", deviceId: "maria-laptop", username: "maria" });
  await openedSession(t.client, { module: erp, clientType: "mobile", deviceId: "maria-phone", username: "maria" });
  await openedSession(t.client, { module: erp, clientType: "web", deviceId: "ivan-pc", username: "ivan" });
  // The 4th is refused and the message carries the limit.
  const fourth = await refused(
    openSession(t.client, { module: erp, clientType: "web", deviceId: "petra-pc", username: "petra" }),
    409,
    "SESSION_LIMIT_REACHED",
  );
  expect(fourth).toMatchObject({ limit: 3, inUse: 3 });
  expect(fourth.message).toMatch(/3/);

  // Upgrading within the purchasable maximum; beyond it is refused.
  expect(
    await refused(
      t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${erp}`, { capacity: 36 }),
      422,
      "CAPACITY_OUT_OF_BOUNDS",
    ),
  ).toMatchObject({ min: 3, max: 35 });
  await ok(t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${erp}`, { capacity: 6 }));

  // An integration acting for 3 users uses 3 sessions.
  await openedSession(t.client, { module: erp, clientType: "integration", deviceId: "webshop-sync", weight: 3 });
  expect(await licensePool(t, erp)).toMatchObject({ limit: 6, inUse: 6, available: 0 });
  expect(
    await refused(
      openSession(t.client, { module: erp, clientType: "web", deviceId: "petra-pc", username: "petra" }),
      409,
      "SESSION_LIMIT_REACHED",
    ),
  ).toMatchObject({ limit: 6, inUse: 6 });
});

test("AM System (seed 002): named pools per module, consumed once credentials are issued", async ({ request }) => {
  const t = await provision(
    request,
    {
      cases: { model: "named", capacity: 3, name: "Case Management" },
      docs: { model: "named", capacity: 2, name: "Documents" },
    },
    "AM System customer",
  );
  const { cases, docs } = t.modules;
  const full = await createProfile(t, "Full", [cases, docs]);
  const casesOnly = await createProfile(t, "Cases", [cases]);
  const nothing = await createProfile(t, "Viewer", []);
  const seats = async () => [(await usagePool(t, cases)).inUse, (await usagePool(t, docs)).inUse];

  // A user without credentials is not yet a licensed user; issuing credentials consumes one per module.
  const anna = await createUser(t, { username: "anna", profileId: full.id, credentials: "none" });
  expect(await seats()).toEqual([0, 0]);
  await ok(t.manage.patch(`/api/v1/manage/users/${anna.id}`, { credentials: "issued" }));
  expect(await seats()).toEqual([1, 1]);
  // A profile with no modules consumes none.
  await createUser(t, { username: "victor", profileId: nothing.id, credentials: "issued" });
  expect(await seats()).toEqual([1, 1]);
  const ben = await createUser(t, { username: "ben", profileId: full.id, credentials: "issued" });
  await createUser(t, { username: "carl", profileId: casesOnly.id, credentials: "issued" });
  expect(await seats()).toEqual([3, 2]);

  // Not enough licences: refused with the module and the numbers, nothing kept.
  const short = await refused(
    t.manage.post(`/api/v1/manage/organizations/${t.organization.id}/users`, {
      username: "dora",
      email: "dora@am.test",
      profileId: full.id,
      credentials: "issued",
    }),
    409,
    "INSUFFICIENT_LICENSES",
  );
  expect(short.message).toContain(`${t.moduleNames.cases}: 1 needed, 0 available`);
  expect(short.message).toContain(`${t.moduleNames.docs}: 1 needed, 0 available`);
  expect(await seats()).toEqual([3, 2]);

  // The licence count cannot drop below use, until a user's valid-to date has passed.
  const docsPool = `/api/v1/manage/contracts/${t.contract.id}/pools/${docs}`;
  expect(await refused(t.manage.patch(docsPool, { capacity: 1 }), 409, "CAPACITY_BELOW_USAGE")).toMatchObject({
    inUse: 2,
    mustFree: 1,
  });
  await ok(t.manage.patch(`/api/v1/manage/users/${ben.id}`, { validTo: dayFromToday(-1) }));
  expect(await seats()).toEqual([2, 1]);
  await refused(
    openSession(t.client, { module: cases, clientType: "web", deviceId: "ben-pc", username: "ben" }),
    403,
    "USER_EXPIRED",
  );
  expect((await ok<{ pool: { capacity: number } }>(t.manage.patch(docsPool, { capacity: 1 }))).pool.capacity).toBe(1);
});

test("CodeMeter (seed 003): a licence bound to a device fingerprint, usable offline with a signed lease that refreshing extends", async ({
  request,
}) => {
  const t = await provision(
    request,
    { cad: { model: "concurrent", capacity: 1, activationsPerLicense: 1, leaseDays: 2, name: "CAD Suite" } },
    "CodeMeter customer",
  );
  const cad = t.modules.cad;
  const fingerprint = `CmAct-${t.tag}`;
  const first = await ok<Activated>(
    t.client.post("/api/v1/activations", { module: cad, fingerprint, platform: "desktop", name: "Workstation 7" }),
    201,
  );
  // Activating the same machine again returns the same container and consumes nothing.
  expect(
    (await ok<Activated>(t.client.post("/api/v1/activations", { module: cad, fingerprint, platform: "desktop" }), 200))
      .activation.id,
  ).toBe(first.activation.id);
  await refused(
    t.client.post("/api/v1/activations", { module: cad, fingerprint: `Other-${t.tag}`, platform: "desktop" }),
    409,
    "DEVICE_LIMIT_REACHED",
  );

  // Offline: the device checks its lease with the public key alone.
  const keys = createLocalJWKSet(await ok<JSONWebKeySet>(request.get("/api/v1/keys")));
  const offline = await jwtVerify(first.activation.leaseToken, keys, { algorithms: ["EdDSA"] });
  expect(offline.payload).toMatchObject({ fingerprint, module: cad, contract: t.contract.id });
  const days = ((offline.payload.exp ?? 0) * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(1.9);
  expect(days).toBeLessThanOrEqual(2);

  // The time limit forces a periodic sync: refreshing extends the lease with a new token.
  const refreshed = await ok<Activated>(t.client.post(`/api/v1/activations/${first.activation.id}/refresh`));
  expect(new Date(refreshed.activation.leaseExpiresAt).getTime()).toBeGreaterThan(
    new Date(first.activation.leaseExpiresAt).getTime(),
  );
  const renewed = await jwtVerify(refreshed.activation.leaseToken, keys, { algorithms: ["EdDSA"] });
  expect(renewed.payload.exp).toBe(Math.floor(new Date(refreshed.activation.leaseExpiresAt).getTime() / 1000));
  expect(renewed.payload.fingerprint).toBe(fingerprint);
});

test("EQuIS (seed 004): an active named user holds a licence whether or not they log in; servers are activated by server ID", async ({
  request,
}) => {
  const t = await provision(
    request,
    {
      acal: { model: "named", capacity: 2, name: "Enterprise ACAL" },
      server: { model: "concurrent", capacity: 3, activationsPerLicense: 1, name: "Enterprise Server" },
    },
    "EQuIS customer",
  );
  const { acal, server } = t.modules;
  const users = await createProfile(t, "Enterprise users", [acal]);
  const kim = await createUser(t, {
    username: "kim",
    email: "kim@lab.test",
    profileId: users.id,
    credentials: "issued",
  });
  await createUser(t, { username: "lee", email: "lee@lab.test", profileId: users.id, credentials: "issued" });
  // Nobody is logged in, yet both active accounts hold a licence.
  expect(await usagePool(t, acal)).toMatchObject({ inUse: 2, available: 0 });
  await refused(
    t.manage.post(`/api/v1/manage/organizations/${t.organization.id}/users`, {
      username: "max",
      email: "max@lab.test",
      profileId: users.id,
      credentials: "issued",
    }),
    409,
    "INSUFFICIENT_LICENSES",
  );
  // Logging in takes nothing more.
  await openedSession(t.client, { module: acal, clientType: "web", deviceId: "kim-browser", username: "kim" });
  expect(await usagePool(t, acal)).toMatchObject({ inUse: 2 });
  // Deactivating an account releases its licence for someone else.
  await ok(t.manage.patch(`/api/v1/manage/users/${kim.id}`, { status: "inactive" }));
  expect(await usagePool(t, acal)).toMatchObject({ inUse: 1, available: 1 });
  await refused(
    openSession(t.client, { module: acal, clientType: "web", deviceId: "kim-browser-2", username: "kim" }),
    403,
    "USER_INACTIVE",
  );
  await createUser(t, { username: "max", email: "max@lab.test", profileId: users.id, credentials: "issued" });
  expect(await usagePool(t, acal)).toMatchObject({ inUse: 2 });

  // A 3-server licence: each installation is activated by its server ID.
  const ids = ["SRV-A1", "SRV-B2", "SRV-C3"].map((id) => `${id}-${t.tag}`);
  for (const id of ids)
    await ok(t.client.post("/api/v1/activations", { module: server, fingerprint: id, platform: "server" }), 201);
  await ok(t.client.post("/api/v1/activations", { module: server, fingerprint: ids[0], platform: "server" }), 200);
  expect(
    await refused(
      t.client.post("/api/v1/activations", { module: server, fingerprint: `SRV-D4-${t.tag}`, platform: "server" }),
      409,
      "DEVICE_LIMIT_REACHED",
    ),
  ).toMatchObject({ limit: 3, inUse: 3 });
});
