import { createClient } from "@seatkeeper/client";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { borrows, deviceActivations, sessions } from "@/db/schema";
import { updatePool } from "@/lib/licensing/contracts";
import { createApiKey } from "@/lib/licensing/tokens";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { createApiApp } from "./app";
import { VENDOR } from "@/lib/licensing/input";

// SPEC §8 "Client API retries": the SDK sends an Idempotency-Key with each open, activation and
// borrow and the same key with each retry of it, so a retry of a request whose answer was lost
// after the server committed it gets that answer, not a second seat.

let db: Database;
let app: ReturnType<typeof createApiApp>;
beforeAll(async () => {
  db = await testDb();
  app = createApiApp({ db: () => db });
});

/**
 * A link that loses answers: every request reaches the server and is served, but the first
 * answer of each write comes back as the ambiguous 503 a stalled database link gives and the
 * second as a dropped connection; the third gets through.
 */
function lossyLink() {
  const attemptsByKey = new Map<string, number>();
  let served = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const key = request.headers.get("idempotency-key");
    const answer = await app.fetch(request);
    served++;
    if (request.method === "GET" || request.url.includes("/heartbeat")) return answer;
    const attempt = (attemptsByKey.get(key ?? request.url) ?? 0) + 1;
    attemptsByKey.set(key ?? request.url, attempt);
    if (attempt === 1)
      return new Response(JSON.stringify({ error: { code: "DATABASE_UNAVAILABLE", message: "stalled" } }), {
        status: 503,
        headers: { "content-type": "application/json", "retry-after": "0" },
      });
    if (attempt === 2) throw new TypeError("fetch failed: socket hang up");
    return answer;
  };
  return { fetch, served: () => served };
}

async function lossyClient(pool: Record<string, unknown>) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", capacity: 20, ...pool }] });
  await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { maxBorrowHours: 24 }, VENDOR);
  const { secret } = await createApiKey(db, testOperator, f.contract.id, "sdk");
  const link = lossyLink();
  const client = createClient({
    baseUrl: "http://localhost",
    apiKey: secret,
    retry: { baseDelayMs: 1, maxDelayMs: 5, retries: 4 },
    fetch: link.fetch,
  });
  return { ...f, client, link };
}

describe("@seatkeeper/client retries over a link that loses answers", () => {
  it("makes exactly as many sessions as successful opens", async () => {
    const f = await lossyClient({ model: "concurrent" });
    const opened = [];
    for (let i = 0; i < 8; i++) {
      const session = await f.client.openSession({ module: f.mod("cm"), clientType: "desktop", deviceId: `pc-${i}` });
      session.stop();
      opened.push(session.id);
    }
    expect(f.link.served()).toBeGreaterThanOrEqual(24);
    const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.contractId, f.contract.id));
    expect(rows.map((r) => r.id).sort()).toEqual([...new Set(opened)].sort());
    expect(rows).toHaveLength(8);
  });

  it("makes one activation per activate call and one borrow per borrow call", async () => {
    const f = await lossyClient({ model: "concurrent", activationsPerLicense: 2 });
    const activation = await f.client.activate({ module: f.mod("cm"), fingerprint: "fp-1", platform: "desktop" });
    const live = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deviceActivations)
      .where(and(eq(deviceActivations.contractId, f.contract.id), isNull(deviceActivations.endedAt)));
    expect(Number(live[0]!.n)).toBe(1);
    expect(activation.fingerprint).toBe("fp-1");

    const session = await f.client.openSession({ module: f.mod("cm"), clientType: "desktop", deviceId: "pc" });
    const borrow = await f.client.borrow(session, 2);
    const rows = await db.select({ id: borrows.id }).from(borrows).where(eq(borrows.sessionId, session.id));
    expect(rows.map((r) => r.id)).toEqual([borrow.id]);
  });
});
