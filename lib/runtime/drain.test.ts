import http from "node:http";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { onPostgres, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { eventually, freshDatabase, startInstance, type Instance } from "@/lib/testing/instances";

// A real server process stopped with SIGTERM while a client keeps connections alive (as licensed
// applications and proxies do): a request already running finishes, and requests sent on the kept
// connections during the drain are answered 503 with Connection: close, never reset.

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; reusedSocket: boolean };

function send(agent: http.Agent, base: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, reusedSocket: req.reusedSocket }),
      );
    });
    req.on("error", reject);
  });
}

describe.skipIf(!onPostgres())("stopping a server (SIGTERM) under kept-alive connections", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let client: postgres.Sql;
  let instance: Instance;
  let token: string;

  beforeAll(async () => {
    fresh = await freshDatabase(process.env.DATABASE_URL!);
    instance = await startInstance(fresh.url);
    client = postgres(fresh.url, { max: 1, onnotice: () => {} });
    const db = drizzle({ client, schema }) as unknown as Database;
    token = (await createOperatorToken(db, testOperator, unique("drain"))).secret;
  }, 120_000);

  afterAll(async () => {
    await instance?.stop("SIGKILL");
    await client?.end({ timeout: 1 });
    await fresh?.drop();
  });

  it("finishes the request in flight and answers new ones on kept connections 503 with Connection: close", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 3 });
    const warm = await Promise.all([1, 2, 3].map(() => send(agent, instance.url, "/api/health")));
    expect(warm.map((a) => a.status)).toEqual([200, 200, 200]);

    // In flight when the signal comes: its headers are in (the server answered 100 Continue, which
    // it does as it hands the request on), its body not yet.
    const name = unique("Drained");
    const body = JSON.stringify({ name });
    const inFlight = http.request(new URL("/api/v1/manage/organizations", instance.url), {
      method: "POST",
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        expect: "100-continue",
      },
    });
    const inFlightAnswer = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      inFlight.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }));
      });
      inFlight.on("error", reject);
    });
    const continued = new Promise((resolve) => inFlight.once("continue", resolve));
    inFlight.flushHeaders();
    await continued;

    instance.process.kill("SIGTERM");
    expect(await eventually(() => instance.logs().some((l) => l.msg?.startsWith("shutting down")), 10_000)).toBe(true);

    const during = await Promise.all(
      ["/api/health", "/api/v1/modules", "/signin"].map((path) => send(agent, instance.url, path)),
    );
    for (const answer of during) {
      expect(answer.reusedSocket).toBe(true);
      expect(answer.status).toBe(503);
      expect(answer.headers.connection).toBe("close");
      expect(answer.headers["retry-after"]).toBe("2");
    }
    expect(JSON.parse(during[1]!.body)).toEqual({
      error: { code: "SHUTTING_DOWN", message: expect.stringContaining("shutting down"), retryAfter: 2 },
    });
    expect(during[2]!.headers["content-type"]).toMatch(/^text\/plain/);

    inFlight.end(body);
    const finished = await inFlightAnswer;
    expect(finished.status).toBe(201);
    expect(JSON.parse(finished.body)).toMatchObject({ organization: { name } });
    expect(finished.connection).toBe("close");
    expect(await instance.exited).toBe(0);
    agent.destroy();
  });
});
