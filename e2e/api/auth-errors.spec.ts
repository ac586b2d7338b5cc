import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import {
  Caller,
  expectNoStackTrace,
  newApiKey,
  ok,
  operatorToken,
  openedSession,
  provision,
  refused,
  type ActivationView,
  test,
} from "./support";

// Authentication, validation and error conventions of both APIs (SPEC §3–4, §6), over real HTTP.

test.describe("authentication", () => {
  test("the client API answers 401 UNAUTHENTICATED without a key, with an unknown key and with a revoked key", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const body = { module: t.modules.archive, clientType: "desktop", deviceId: "pc" };
    await refused(new Caller(request, null).get("/api/v1/license"), 401, "UNAUTHENTICATED");
    await refused(new Caller(request, null).post("/api/v1/sessions", body), 401, "UNAUTHENTICATED");
    await refused(new Caller(request, `sk_live_${t.tag}unknown`).get("/api/v1/license"), 401, "UNAUTHENTICATED");
    const basic = await request.get("/api/v1/license", {
      headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
    });
    await refused(basic, 401, "UNAUTHENTICATED");

    await ok(t.client.get("/api/v1/license"));
    expect((await t.manage.delete(`/api/v1/manage/api-keys/${t.apiKey.id}`)).status()).toBe(204);
    await refused(t.client.get("/api/v1/license"), 401, "UNAUTHENTICATED");
    await refused(t.client.post("/api/v1/sessions", body), 401, "UNAUTHENTICATED");
    await refused(t.manage.delete(`/api/v1/manage/api-keys/${t.apiKey.id}`), 404, "NOT_FOUND");
  });

  test("each API takes only its own kind of token", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    await refused(t.client.post("/api/v1/manage/organizations", { name: "Not allowed" }), 401, "UNAUTHENTICATED");
    await refused(t.client.get(`/api/v1/manage/organizations/${t.organization.id}/usage`), 401, "UNAUTHENTICATED");
    await refused(
      new Caller(request, null).post("/api/v1/manage/modules", { key: `nope-${t.tag}`, name: "Nope" }),
      401,
      "UNAUTHENTICATED",
    );
    const operator = new Caller(request, operatorToken());
    await refused(operator.get("/api/v1/license"), 401, "UNAUTHENTICATED");
    await refused(
      operator.post("/api/v1/sessions", { module: t.modules.archive, clientType: "desktop", deviceId: "pc" }),
      401,
      "UNAUTHENTICATED",
    );
    // The operator token cannot revoke itself through the API-key endpoint either: it is not a contract key.
    await refused(operator.delete(`/api/v1/manage/api-keys/${randomUUID()}`), 404, "NOT_FOUND");
  });
});

test.describe("bad requests", () => {
  test("malformed JSON, wrong types and missing fields answer 400 VALIDATION_FAILED with the field issues", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const malformed = await refused(
      t.client.postRaw("/api/v1/sessions", '{"module": "archive",'),
      400,
      "VALIDATION_FAILED",
    );
    expect(malformed.issues).toEqual([expect.objectContaining({ message: expect.any(String) })]);

    const wrongTypes = await refused(
      t.client.post("/api/v1/sessions", { module: 42, clientType: "toaster", deviceId: "pc", weight: "three" }),
      400,
      "VALIDATION_FAILED",
    );
    const paths = (wrongTypes.issues as { path: string; message: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["module", "clientType", "weight"]));
    expect(wrongTypes.message).toContain("clientType");

    const missing = await refused(t.client.post("/api/v1/activations", {}), 400, "VALIDATION_FAILED");
    expect((missing.issues as { path: string }[]).map((i) => i.path)).toEqual(
      expect.arrayContaining(["module", "fingerprint", "platform"]),
    );

    const manageMissing = await refused(
      t.manage.post("/api/v1/manage/organizations", { siteId: "has spaces" }),
      400,
      "VALIDATION_FAILED",
    );
    expect((manageMissing.issues as { path: string }[]).map((i) => i.path)).toEqual(
      expect.arrayContaining(["name", "siteId"]),
    );
    await refused(t.manage.postRaw("/api/v1/manage/modules", "not json at all"), 400, "VALIDATION_FAILED");
    expect((await ok<{ pools: unknown[] }>(t.client.get("/api/v1/license"))).pools).toHaveLength(1);
  });

  test("a body over 64 KB answers 413", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const big = JSON.stringify({ module: t.modules.archive, clientType: "desktop", deviceId: "x".repeat(70 * 1024) });
    await refused(t.client.postRaw("/api/v1/sessions", big), 413, "PAYLOAD_TOO_LARGE");
    await refused(
      t.manage.postRaw("/api/v1/manage/organizations", JSON.stringify({ name: "y".repeat(70 * 1024) })),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect((await ok<{ pools: { inUse: number }[] }>(t.client.get("/api/v1/license"))).pools[0]!.inUse).toBe(0);
  });

  test("errors never carry a stack trace or a file path", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const probes = [
      t.client.postRaw("/api/v1/sessions", "{"),
      t.client.post("/api/v1/sessions", { module: "Not A Key!", clientType: "desktop", deviceId: "pc" }),
      t.client.post(`/api/v1/sessions/${"9".repeat(36)}/heartbeat`),
      t.manage.post("/api/v1/manage/contracts", {
        organizationId: randomUUID(),
        pools: [{ module: t.modules.archive, model: "named", capacity: 1 }],
      }),
      t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.archive}`, { capacity: -1 }),
      t.manage.get(`/api/v1/manage/organizations/${randomUUID()}/usage`),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.status()).toBeGreaterThanOrEqual(400);
      expect(res.status()).toBeLessThan(500);
      expectNoStackTrace(await res.text());
    }
  });
});

test.describe("rate limit and tenancy", () => {
  test("a flood from one key answers 429 RATE_LIMITED with Retry-After, and other keys go on", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const flooder = await newApiKey(t);
    // The e2e server allows 300 requests per minute per key (playwright.config.ts). Invalid bodies
    // keep each request cheap: the limit is checked before the body.
    let limited = 0;
    for (let batch = 0; batch < 7 && limited === 0; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => flooder.post("/api/v1/sessions", {})));
      limited += answers.filter((a) => a.status() === 429).length;
      expect(answers.every((a) => a.status() === 400 || a.status() === 429)).toBe(true);
    }
    expect(limited).toBeGreaterThan(0);
    const res = await flooder.get("/api/v1/license");
    const error = await refused(res, 429, "RATE_LIMITED");
    const retryAfter = Number(res.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.retryAfter).toBe(retryAfter);
    await ok(t.client.get("/api/v1/license"));
  });

  test("one contract's key cannot touch another contract's sessions or activations (404)", async ({ request }) => {
    const a = await provision(request, { archive: { model: "concurrent", capacity: 1, activationsPerLicense: 1 } });
    const b = await provision(request, { archive: { model: "concurrent", capacity: 1, activationsPerLicense: 1 } });
    const session = await openedSession(a.client, { module: a.modules.archive, clientType: "desktop", deviceId: "pc" });
    const { activation } = await ok<{ activation: ActivationView }>(
      a.client.post("/api/v1/activations", { module: a.modules.archive, fingerprint: "dev-1", platform: "desktop" }),
      201,
    );

    await refused(b.client.post(`/api/v1/sessions/${session.id}/heartbeat`), 404, "SESSION_NOT_FOUND");
    await refused(b.client.delete(`/api/v1/sessions/${session.id}`), 404, "SESSION_NOT_FOUND");
    await refused(b.client.post(`/api/v1/activations/${activation.id}/refresh`), 404, "ACTIVATION_NOT_FOUND");
    await refused(b.client.delete(`/api/v1/activations/${activation.id}`), 404, "ACTIVATION_NOT_FOUND");
    await refused(
      b.client.post("/api/v1/sessions", { module: a.modules.archive, clientType: "desktop", deviceId: "pc" }),
      404,
      "MODULE_NOT_LICENSED",
    );

    // A's session and activation are untouched.
    await ok(a.client.post(`/api/v1/sessions/${session.id}/heartbeat`));
    await ok(a.client.post(`/api/v1/activations/${activation.id}/refresh`));
  });
});
