import http from "node:http";
import { expect } from "@playwright/test";
import { expectNoStackTrace, provision, refused, test } from "./support";

// The edges of the API over real HTTP (SPEC §3 second wave): every answer is JSON with a code,
// whatever the path, method, host or body.

const port = Number(process.env.E2E_PORT ?? 3210);

type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request through Node's own client, for what the `request` fixture won't send. */
function raw(options: http.RequestOptions, write?: (req: http.ClientRequest) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, ...options }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (write) write(req);
    else req.end();
  });
}

const codeOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { error: { code: string } }).error.code;

test.describe("the edges of /api/v1", () => {
  test("unknown paths, trailing slashes and other methods answer JSON 404 and 405 with Allow", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    await refused(request.get("/api/v1/nonexistent"), 404, "NOT_FOUND");
    await refused(t.client.get("/api/v1/license/"), 404, "NOT_FOUND");
    const put = await request.put("/api/v1/license", { headers: { authorization: `Bearer ${t.apiKey.secret}` } });
    expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    await refused(put, 405, "METHOD_NOT_ALLOWED");
    await refused(t.client.get("/api/v1/sessions"), 405, "METHOD_NOT_ALLOWED");
    const head = await request.head("/api/v1/license", { headers: { authorization: `Bearer ${t.apiKey.secret}` } });
    expect(head.status()).toBe(200);
  });

  test("TRACE answers 405 as JSON, a malformed Host header 400, neither with a stack", async () => {
    const trace = await raw({ method: "TRACE", path: "/api/v1/license" });
    expect(trace.status).toBe(405);
    expect(codeOf(trace)).toBe("METHOD_NOT_ALLOWED");
    const badHost = await raw({ method: "GET", path: "/api/v1/keys", headers: { host: "bad host@/" } });
    expect(badHost.status).toBe(400);
    expect(codeOf(badHost)).toBe("BAD_REQUEST");
    expectNoStackTrace(trace.body + badHost.body);
  });

  test("a CORS preflight on the client API names the path's methods; the management API has none", async ({
    request,
  }) => {
    const preflight = await request.fetch("/api/v1/sessions", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()["access-control-allow-origin"]).toBe("*");
    expect(preflight.headers()["access-control-allow-methods"]).toBe("POST, OPTIONS");
    expect(preflight.headers()["access-control-allow-headers"]).toBe("Authorization, Content-Type");
    await refused(request.fetch("/api/v1/manage/contracts", { method: "OPTIONS" }), 405, "METHOD_NOT_ALLOWED");
  });

  test("a body that is not application/json answers 415, and an unknown field 400 naming it", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    const body = JSON.stringify({ module: t.modules.archive, clientType: "desktop", deviceId: "pc" });
    const auth = { authorization: `Bearer ${t.apiKey.secret}` };
    await refused(
      request.post("/api/v1/sessions", { headers: { ...auth, "content-type": "text/plain" }, data: body }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const untyped = await raw({ method: "POST", path: "/api/v1/sessions", headers: auth }, (req) => req.end(body));
    expect(untyped.status).toBe(415);
    const unknown = await refused(
      t.client.post("/api/v1/sessions", { module: t.modules.archive, clientType: "desktop", deviceId: "pc", seats: 2 }),
      400,
      "VALIDATION_FAILED",
    );
    expect(unknown.message).toContain("seats");
  });

  test("a chunked 20 MB body is answered 413 as soon as it passes 64 KB, the rest unread", async ({ request }) => {
    const t = await provision(request, { archive: { model: "concurrent", capacity: 1 } });
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const answer = await raw(
      {
        method: "POST",
        path: "/api/v1/sessions",
        headers: { authorization: `Bearer ${t.apiKey.secret}`, "content-type": "application/json" },
      },
      (req) => {
        let answered = false;
        req.on("response", () => (answered = true));
        req.on("error", () => {});
        const pump = () => {
          while (written < 20 * 1024 * 1024 && !answered) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          if (!answered) req.end();
        };
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });
});
