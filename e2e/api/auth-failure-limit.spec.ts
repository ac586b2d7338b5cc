import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { operatorToken, provision, refused } from "./support";

// Invalid API keys and operator tokens are limited per client address (issue 14, point 7). Each
// test speaks from an address of its own (the e2e server trusts X-Forwarded-For), so the rest of
// the suite, on 127.0.0.1, is never blocked.
const newAddress = (net = "203.0.113") => `${net}.${1 + (randomBytes(1)[0]! % 250)}`;
const MAX_FAILURES = 30;

test.describe("invalid keys and tokens", () => {
  test("an address that sent 30 invalid API keys gets 429 RATE_LIMITED with Retry-After, even for a valid key", async ({
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

    // Refused before any lookup: the valid key from the same address is not even checked.
    await refused(call(t.apiKey.secret), 429, "RATE_LIMITED");
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
    const limited = await call(operatorToken());
    await refused(limited, 429, "RATE_LIMITED");
    expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);
  });
});
