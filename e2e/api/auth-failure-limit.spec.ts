import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { operatorToken, provision, refused } from "./support";

// Invalid API keys and operator tokens are limited per client address, valid ones never. Each
// test speaks from an address of its own (the e2e server trusts X-Forwarded-For), so the rest of
// the suite, on 127.0.0.1, is never blocked.
const newAddress = (net = "203.0.113") => `${net}.${1 + (randomBytes(1)[0]! % 250)}`;
const MAX_FAILURES = 30;

test.describe("invalid keys and tokens", () => {
  test("an address that sent 30 invalid API keys gets 429 RATE_LIMITED with Retry-After, and a valid key from it is still served", async ({
    request,
  }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const from = newAddress();
    const call = (key: string) =>
      request.get("/api/v1/license", { headers: { authorization: `Bearer ${key}`, "x-forwarded-for": from } });
    for (let i = 0; i < MAX_FAILURES; i++) {
      await refused(call(`sk_live_${randomBytes(16).toString("hex")}`), 401, "UNAUTHENTICATED");
    }
    const limited = await call(`sk_live_${randomBytes(16).toString("hex")}`);
    const error = await refused(limited, 429, "RATE_LIMITED");
    expect(error.message).toMatch(/invalid API key or token/);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);

    // The address may be a NAT shared by every customer behind it: a valid key is always served.
    expect((await call(t.apiKey.secret)).status()).toBe(200);
    // Other addresses are not affected.
    const elsewhere = await request.get("/api/v1/license", {
      headers: { authorization: `Bearer ${t.apiKey.secret}`, "x-forwarded-for": newAddress("198.51.100") },
    });
    expect(elsewhere.status()).toBe(200);
  });

  test("invalid operator tokens on the management API are limited the same way", async ({ request }) => {
    const from = newAddress("192.0.2");
    const call = (token: string) =>
      request.post("/api/v1/manage/organizations", {
        headers: { authorization: `Bearer ${token}`, "x-forwarded-for": from },
        data: { name: "Never created" },
      });
    for (let i = 0; i < MAX_FAILURES; i++) {
      await refused(call(`sk_op_${randomBytes(16).toString("hex")}`), 401, "UNAUTHENTICATED");
    }
    const limited = await call(`sk_op_${randomBytes(16).toString("hex")}`);
    await refused(limited, 429, "RATE_LIMITED");
    expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);
    const served = await request.get("/api/v1/manage/organizations/00000000-0000-4000-8000-000000000000/usage", {
      headers: { authorization: `Bearer ${operatorToken()}`, "x-forwarded-for": from },
    });
    // Authenticated: the unknown organization is what it answers about.
    expect(served.status()).toBe(404);
  });
});
