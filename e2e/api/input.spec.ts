import { expect, test } from "@playwright/test";
import {
  createProfile,
  createUser,
  licensePool,
  ok,
  openedSession,
  provision,
  refused,
  type ActivationView,
} from "./support";

// SPEC §2 rules 22–23 over real HTTP: every number has a bound (422 with the bound), and text is
// clean (a NUL or lone surrogate anywhere answers 400, never 500). Rule 24's denial rows for these
// refusals are checked against the database in lib/http/acquisition-denials.test.ts.

const maxima = {
  capacity: 1_000_000,
  minCapacity: 1_000_000,
  maxCapacity: 1_000_000,
  overagePercent: 1_000,
  activationsPerLicense: 1_000,
  extraActivations: 1_000_000,
  apiConnectsPerLicense: 1_000_000,
  extraApiConnects: 100_000_000,
  heartbeatSeconds: 86_400,
  leaseDays: 3_650,
  warningThresholdPercent: 100,
};

const unclean = ["x\u0000", "x\ud800"];

test.describe("rule 23: text is clean", () => {
  test("a NUL or a lone surrogate in any string field of either API answers 400 VALIDATION_FAILED naming it", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 2 } });
    const profile = await createProfile(t, `Profile ${t.tag}`, [t.modules.archive]);
    const user = await createUser(t, { username: `u${t.tag}`, profileId: profile.id, credentials: "issued" });
    const org = `/api/v1/manage/organizations/${t.organization.id}`;
    const cases: [string, (body: object) => ReturnType<typeof t.client.post>, object, string[]][] = [
      [
        "open a session",
        (b) => t.client.post("/api/v1/sessions", b),
        { module: t.modules.archive, clientType: "desktop", deviceId: "pc", username: user.username },
        ["module", "clientType", "deviceId", "username"],
      ],
      [
        "activate a device",
        (b) => t.client.post("/api/v1/activations", b),
        { module: t.modules.archive, fingerprint: "fp", platform: "mobile", username: user.username, name: "Phone" },
        ["module", "fingerprint", "platform", "username", "name"],
      ],
      [
        "add a module",
        (b) => t.manage.post("/api/v1/manage/modules", b),
        { key: `m-${t.tag}`, name: "M" },
        ["key", "name"],
      ],
      [
        "add an organization",
        (b) => t.manage.post("/api/v1/manage/organizations", b),
        { name: "Org", siteId: `S-${t.tag}` },
        ["name", "siteId"],
      ],
      [
        "add a contract",
        (b) => t.manage.post("/api/v1/manage/contracts", b),
        { organizationId: t.organization.id, plan: "Basic", startsAt: "2026-01-01", endsAt: "2027-01-01" },
        ["organizationId", "plan", "startsAt", "endsAt"],
      ],
      [
        "change a contract",
        (b) => t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}`, b),
        { status: "active" },
        ["status"],
      ],
      [
        "add an API key",
        (b) => t.manage.post(`/api/v1/manage/contracts/${t.contract.id}/api-keys`, b),
        { name: "k" },
        ["name"],
      ],
      [
        "add a profile",
        (b) => t.manage.post(`${org}/profiles`, b),
        { name: "P", modules: [t.modules.archive] },
        ["name"],
      ],
      ["rename a profile", (b) => t.manage.patch(`/api/v1/manage/profiles/${profile.id}`, b), { name: "P" }, ["name"]],
      [
        "add a user",
        (b) => t.manage.post(`${org}/users`, b),
        {
          username: `n${t.tag}`,
          email: `n@${t.tag}.test`,
          status: "active",
          credentials: "none",
          validTo: "2030-01-01",
        },
        ["username", "email", "status", "credentials", "validTo"],
      ],
      [
        "change a user",
        (b) => t.manage.patch(`/api/v1/manage/users/${user.id}`, b),
        { email: `e@${t.tag}.test`, status: "active" },
        ["email", "status"],
      ],
    ];
    for (const [what, send, body, fields] of cases) {
      for (const field of fields) {
        for (const value of unclean) {
          const error = await refused(send({ ...body, [field]: value }), 400, "VALIDATION_FAILED");
          expect(
            (error.issues as { path: string }[]).map((i) => i.path),
            `${what}: ${field}`,
          ).toContain(field);
        }
      }
    }
    // In the URL too: an id or a module key holding a NUL is simply unknown.
    await refused(t.client.post("/api/v1/sessions/%00/heartbeat"), 404, "SESSION_NOT_FOUND");
    await refused(t.client.post("/api/v1/activations/x%00/refresh"), 404, "ACTIVATION_NOT_FOUND");
    await refused(
      t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/a%00b`, { capacity: 1 }),
      404,
      "NOT_FOUND",
    );
    // Nothing was taken.
    expect((await licensePool(t, t.modules.archive)).inUse).toBe(0);
  });

  test("usernames compare by Unicode case folding and refuse invisible characters", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 3 } });
    const profile = await createProfile(t, `Profile ${t.tag}`, [t.modules.archive]);
    const users = `/api/v1/manage/organizations/${t.organization.id}/users`;
    await createUser(t, {
      username: `Straße${t.tag}`,
      email: `strasse@${t.tag}.test`,
      profileId: profile.id,
      credentials: "issued",
    });
    await refused(
      t.manage.post(users, { username: `STRASSE${t.tag}`, email: `s@${t.tag}.test` }),
      409,
      "USERNAME_TAKEN",
    );
    await createUser(t, { username: `\u00c9lodie${t.tag}`, email: `elodie@${t.tag}.test` });
    await refused(
      t.manage.post(users, { username: `E\u0301lodie${t.tag}`, email: `e@${t.tag}.test` }),
      409,
      "USERNAME_TAKEN",
    );
    await createUser(t, { username: `bob${t.tag}` });
    const hidden = await refused(
      t.manage.post(users, { username: `b\u200bob${t.tag}`, email: `b@${t.tag}.test` }),
      400,
      "VALIDATION_FAILED",
    );
    expect(hidden.message).toContain("U+200B");
    const session = await openedSession(t.client, {
      module: t.modules.archive,
      clientType: "desktop",
      deviceId: "pc",
      username: `strasse${t.tag.toUpperCase()}`,
    });
    expect(session.module).toBe(t.modules.archive);
  });
});

test.describe("rule 22: every number has a bound", () => {
  test("answers 422 VALUE_OUT_OF_RANGE with the field and its bounds, changing nothing", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 2 } });
    const pool = `/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.archive}`;
    const overage = await refused(t.manage.patch(pool, { overagePercent: 2147483647 }), 422, "VALUE_OUT_OF_RANGE");
    expect(overage).toMatchObject({ field: "overagePercent", min: 0, max: 1_000 });
    expect(overage.message).toContain("between 0 and 1,000%");
    const max = await refused(t.manage.patch(pool, { maxCapacity: 2147483648 }), 422, "VALUE_OUT_OF_RANGE");
    expect(max).toMatchObject({ field: "maxCapacity", min: 0, max: 1_000_000 });
    const created = await refused(
      t.manage.post("/api/v1/manage/contracts", {
        organizationId: t.organization.id,
        pools: [{ module: t.modules.archive, model: "concurrent", capacity: 1, heartbeatSeconds: 5 }],
      }),
      422,
      "VALUE_OUT_OF_RANGE",
    );
    expect(created).toMatchObject({ field: "pools.0.heartbeatSeconds", min: 10, max: 86_400 });
    const weight = await refused(
      t.client.post("/api/v1/sessions", {
        module: t.modules.archive,
        clientType: "integration",
        deviceId: "erp",
        weight: 10_001,
      }),
      422,
      "VALUE_OUT_OF_RANGE",
    );
    expect(weight).toMatchObject({ field: "weight", min: 1, max: 10_000 });
    expect(await licensePool(t, t.modules.archive)).toMatchObject({ capacity: 2, limit: 2, inUse: 0 });
  });

  test("a pool with every field at its maximum still serves sessions, activations, API connects and the licence", async ({
    request,
  }) => {
    const t = await provision(request, {
      archive: { model: "concurrent", ...maxima },
      cases: { model: "concurrent", capacity: 1 },
    });
    await ok(t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.cases}`, maxima));
    for (const moduleKey of [t.modules.archive, t.modules.cases]) {
      const integration = await openedSession(t.client, {
        module: moduleKey,
        clientType: "integration",
        deviceId: "erp",
        weight: 10_000,
      });
      expect(integration.heartbeatSeconds).toBe(86_400);
      await ok(t.client.post(`/api/v1/sessions/${integration.id}/heartbeat`));
      await openedSession(t.client, { module: moduleKey, clientType: "api", deviceId: "api-client" });
      const { activation } = await ok<{ activation: ActivationView }>(
        t.client.post("/api/v1/activations", { module: moduleKey, fingerprint: "phone", platform: "mobile" }),
        201,
      );
      await ok(t.client.post(`/api/v1/activations/${activation.id}/refresh`));
      expect(await licensePool(t, moduleKey)).toMatchObject({
        capacity: 1_000_000,
        limit: 11_000_000,
        inUse: 10_001,
        activations: { limit: 1_001_000_000, inUse: 1 },
        apiConnects: { limit: 1_000_100_000_000, used: 1 },
      });
    }
  });
});
