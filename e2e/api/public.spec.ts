import { expect } from "@playwright/test";
import { ok, test } from "./support";

// The public endpoints (SPEC §3): no key needed.

test.describe("public endpoints", () => {
  test("GET /api/v1/openapi.json is OpenAPI 3.1 for both APIs, open to other origins", async ({ request }) => {
    const res = await request.get("/api/v1/openapi.json", { headers: { origin: "https://crm.example" } });
    expect(res.headers()["access-control-allow-origin"]).toBe("*");
    const doc = await ok<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      servers: { url: string }[];
      components: { securitySchemes: Record<string, unknown> };
    }>(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/license", "/api/v1/sessions", "/api/v1/manage/contracts", "/api/health"]),
    );
    expect(doc.servers[0]!.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(Object.keys(doc.paths["/api/v1/sessions"]!.post!.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "404", "405", "409", "413", "415", "429", "503"]),
    );
    expect(Object.keys(doc.paths["/api/v1/manage/contracts/{id}/pools/{module}"]!.patch!.responses)).toEqual(
      expect.arrayContaining(["200", "409", "422"]),
    );
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["contractKey", "operatorToken"]);

    const preflight = await request.fetch("/api/v1/openapi.json", {
      method: "OPTIONS",
      headers: { origin: "https://crm.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
  });

  test("GET /api/v1/keys is a JWKS of Ed25519 public keys", async ({ request }) => {
    const jwks = await ok<{ keys: Record<string, string>[] }>(request.get("/api/v1/keys"));
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({
        kty: "OKP",
        crv: "Ed25519",
        alg: "EdDSA",
        use: "sig",
        kid: expect.any(String),
        x: expect.any(String),
      });
      expect(key).not.toHaveProperty("d");
    }
  });

  test("GET /api/health reports the server and its database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(await ok(res)).toEqual({ status: "ok", database: "ok" });
    expect(res.headers()["cache-control"]).toContain("no-store");
  });
});
