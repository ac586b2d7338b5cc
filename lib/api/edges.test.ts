import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createApiKey } from "@/lib/licensing/tokens";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { apiFetch } from "@/lib/testing/manage-api";
import { MAX_BODY_BYTES } from "./body";

// The edges of /api/v1 (SPEC §3 second wave), through the same application server.ts serves:
// every unknown path, method, media type and field answers JSON with its code.

let db: Database;
let call: ReturnType<typeof apiFetch>;
let anonymous: ReturnType<typeof apiFetch>;
let moduleKey: string;

beforeAll(async () => {
  db = await testDb();
  const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2 }] });
  moduleKey = org.moduleKeys.cm!;
  call = apiFetch(db, (await createApiKey(db, testOperator, org.contract.id, "edges")).secret);
  anonymous = apiFetch(db, null);
});

async function refusal(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const { error } = (await res.json()) as { error: { code: string; message: string; [k: string]: unknown } };
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\w+ \w+/);
  return error;
}

describe("the edges of /api/v1", () => {
  it("answers nosniff everywhere and no-store on every authenticated answer, a refusal too", async () => {
    for (const res of [await call("/api/v1/license"), await anonymous("/api/v1/license")]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const keys = await anonymous("/api/v1/keys");
    expect(keys.status).toBe(200);
    expect(keys.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers an unknown path with a JSON 404 NOT_FOUND", async () => {
    await refusal(await call("/api/v1/nonexistent"), 404, "NOT_FOUND");
    await refusal(await call("/api/v1"), 404, "NOT_FOUND");
  });

  it("answers a trailing slash with a JSON 404, not a redirect", async () => {
    await refusal(await call("/api/v1/license/"), 404, "NOT_FOUND");
  });

  it("answers another method on a known path 405 METHOD_NOT_ALLOWED with Allow", async () => {
    const put = await call("/api/v1/license", { method: "PUT" });
    expect(put.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    await refusal(put, 405, "METHOD_NOT_ALLOWED");
    const list = await call("/api/v1/sessions");
    expect(list.headers.get("allow")).toBe("POST, OPTIONS");
    await refusal(list, 405, "METHOD_NOT_ALLOWED");
    const manage = await call("/api/v1/manage/modules", { method: "OPTIONS" });
    expect(manage.headers.get("allow")).toBe("POST, GET, HEAD");
    await refusal(manage, 405, "METHOD_NOT_ALLOWED");
  });

  it("answers HEAD where GET exists", async () => {
    const res = await call("/api/v1/license", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("answers a CORS preflight for the client API with the path's methods", async () => {
    const res = await anonymous("/api/v1/sessions/0b6f7c2e-4d1a-4c55-9a37-3f0c8e2b9d11", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "DELETE" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("DELETE, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type");
    const answer = await call("/api/v1/license", { headers: { origin: "https://app.example" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses a body that is not application/json with 415, with or without a content type", async () => {
    const body = JSON.stringify({ module: moduleKey, clientType: "desktop", deviceId: "d1" });
    const text = await call("/api/v1/sessions", { method: "POST", body, headers: { "content-type": "text/plain" } });
    await refusal(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    const none = await call("/api/v1/sessions", { method: "POST", body: new TextEncoder().encode(body) });
    await refusal(none, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a body past 64 KB with 413, also when it streams in without a length", async () => {
    const big = JSON.stringify({ module: moduleKey, clientType: "desktop", deviceId: "x".repeat(MAX_BODY_BYTES) });
    const declared = await call("/api/v1/sessions", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json" },
    });
    await refusal(declared, 413, "PAYLOAD_TOO_LARGE");
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      },
    });
    const streamed = await call("/api/v1/sessions", {
      method: "POST",
      body: endless,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    await refusal(streamed, 413, "PAYLOAD_TOO_LARGE");
    expect(sent).toBeLessThan(MAX_BODY_BYTES * 4);
  });

  it("refuses a field the endpoint doesn't know, naming it", async () => {
    const res = await call("/api/v1/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ module: moduleKey, clientType: "desktop", deviceId: "d1", seats: 3 }),
    });
    const error = await refusal(res, 400, "VALIDATION_FAILED");
    expect(error.message).toContain("seats");
    expect(error.issues).toEqual([{ path: "seats", message: "Unknown field: seats" }]);
    const heartbeat = await call("/api/v1/sessions/0b6f7c2e-4d1a-4c55-9a37-3f0c8e2b9d11/heartbeat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ idle: 3 }),
    });
    expect((await refusal(heartbeat, 400, "VALIDATION_FAILED")).message).toContain("idle");
  });

  it("answers malformed JSON with 400 VALIDATION_FAILED", async () => {
    const res = await call("/api/v1/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    await refusal(res, 400, "VALIDATION_FAILED");
  });

  it("still serves a good request", async () => {
    const res = await call("/api/v1/sessions", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ module: moduleKey, clientType: "desktop", deviceId: "d1" }),
    });
    expect(res.status).toBe(201);
  });
});
