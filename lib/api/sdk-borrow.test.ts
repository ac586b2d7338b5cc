import { createClient, type SeatkeeperError } from "@seatkeeper/client";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { updatePool } from "@/lib/licensing/contracts";
import { createApiKey, createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { createApiApp } from "./app";
import { VENDOR } from "@/lib/licensing/input";

// Borrowing through the client SDK and the management API (rule 25: borrow, return and the entitlements claim),
// against the route table's application on the test database.

let db: Database;
let app: ReturnType<typeof createApiApp>;
let operator: string;
beforeAll(async () => {
  db = await testDb();
  app = createApiApp({ db: () => db });
  operator = (await createOperatorToken(db, testOperator, unique("borrows"))).secret;
});

async function clientFor(capacity: number, settings: { maxBorrowHours?: number; borrowPercent?: number }) {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cm", model: "concurrent", capacity, heartbeatSeconds: 60 },
      { module: "arch", model: "concurrent", capacity: 1 },
    ],
  });
  await updatePool(db, testOperator, f.contract.id, f.mod("cm"), settings, VENDOR);
  const { secret } = await createApiKey(db, testOperator, f.contract.id, "sdk");
  const client = createClient({
    baseUrl: "http://localhost",
    apiKey: secret,
    retry: { baseDelayMs: 10, maxDelayMs: 50, retries: 2 },
    fetch: async (input, init) => app.fetch(new Request(input, init)),
  });
  return { ...f, client };
}

const manage = (method: string, path: string, body?: unknown) =>
  app.fetch(
    new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${operator}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }),
  );

describe("@seatkeeper/client borrow() and return()", () => {
  it("borrows a session's seat, verifies the lease offline with its entitlements, and returns it", async () => {
    const f = await clientFor(2, { maxBorrowHours: 72 });
    const session = await f.client.openSession(
      { module: f.mod("cm"), clientType: "desktop", deviceId: "LAPTOP-7" },
      { heartbeatEveryMs: 60_000 },
    );
    const borrow = await f.client.borrow(session, 24);
    expect(session.active).toBe(false); // the borrow keeps the seat: no more heartbeats
    expect(borrow).toMatchObject({ sessionId: session.id, module: f.mod("cm"), hours: 24 });
    expect(borrow.entitlements).toEqual([f.mod("arch"), f.mod("cm")].sort());

    const jwks = await f.client.jwks();
    const offline = createClient({
      baseUrl: "http://unreachable.invalid",
      apiKey: "none",
      jwks,
      fetch: () => Promise.reject(new Error("offline")),
    });
    const claims = await offline.verifyLease(borrow.leaseToken, { device: "LAPTOP-7", module: f.mod("cm") });
    expect(claims).toMatchObject({ borrow: borrow.id, contract: f.contract.id, device: "LAPTOP-7" });
    expect(claims.entitlements).toEqual(borrow.entitlements);
    expect(claims.exp).toBe(Math.floor(new Date(borrow.expiresAt).getTime() / 1000));
    await expect(offline.verifyLease(borrow.leaseToken, { device: "OTHER" })).rejects.toMatchObject({
      code: "LEASE_INVALID",
    });

    await f.client.return(borrow);
    await f.client.return(borrow.id); // fine again
    const [row] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.endReason).toBe("returned");
  });

  it("exposes entitlements of an activation's lease", async () => {
    const f = await clientFor(2, {});
    await updatePool(db, testOperator, f.contract.id, f.mod("arch"), { activationsPerLicense: 1 }, VENDOR);
    const activation = await f.client.activate({ module: f.mod("arch"), fingerprint: "fp-9", platform: "desktop" });
    const claims = await f.client.verifyLease(activation.leaseToken, { fingerprint: "fp-9" });
    expect(claims.entitlements).toEqual([f.mod("arch"), f.mod("cm")].sort());
  });

  it("answers each bad borrow with its code, status and sentence", async () => {
    const f = await clientFor(2, { maxBorrowHours: 4, borrowPercent: 50 });
    const body = { module: f.mod("cm"), clientType: "desktop" as const, deviceId: "d1" };
    const a = await f.client.openSession(body, { heartbeatEveryMs: 60_000 });
    const b = await f.client.openSession({ ...body, deviceId: "d2" }, { heartbeatEveryMs: 60_000 });
    const refused = async (p: Promise<unknown>) => {
      const e = (await p.then(
        () => expect.unreachable("expected a refusal"),
        (x: unknown) => x,
      )) as SeatkeeperError;
      return { status: e.status, code: e.code, message: e.message, details: e.details };
    };
    expect(await refused(f.client.borrow(a.id, 5))).toMatchObject({
      status: 422,
      code: "VALUE_OUT_OF_RANGE",
      details: { field: "hours", max: 4 },
    });
    expect(await refused(f.client.borrow("not-a-session", 1))).toMatchObject({
      status: 404,
      code: "SESSION_NOT_FOUND",
    });
    await f.client.borrow(a.id, 4);
    expect(await refused(f.client.borrow(a.id, 4))).toMatchObject({ status: 409, code: "SESSION_ALREADY_BORROWED" });
    const over = await refused(f.client.borrow(b.id, 1));
    expect(over).toMatchObject({ status: 409, code: "BORROW_LIMIT_REACHED", details: { limit: 1, borrowed: 1 } });
    expect(over.message).toMatch(/At most 1 of 2/);
    expect(await refused(f.client.return("nope"))).toMatchObject({ status: 404, code: "BORROW_NOT_FOUND" });
    const bad = await f.client.api.POST("/api/v1/sessions/{id}/borrow", {
      params: { path: { id: b.id } },
      body: { hours: 1, extra: true } as never,
    });
    expect(bad.response.status).toBe(400);
    await a.close();
    await b.close();
  });

  it("lets the management API set borrowing, list borrows and revoke one; a named pool refuses the settings", async () => {
    const f = await clientFor(3, {});
    const set = await manage("PATCH", `/api/v1/manage/contracts/${f.contract.id}/pools/${f.mod("cm")}`, {
      maxBorrowHours: 168,
      borrowPercent: 34,
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { pool: Record<string, unknown> }).pool).toMatchObject({
      maxBorrowHours: 168,
      borrowPercent: 34,
    });
    const outOfRange = await manage("PATCH", `/api/v1/manage/contracts/${f.contract.id}/pools/${f.mod("cm")}`, {
      maxBorrowHours: 8761,
    });
    expect(outOfRange.status).toBe(422);

    const session = await f.client.openSession(
      { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" },
      { heartbeatEveryMs: 60_000 },
    );
    const borrow = await f.client.borrow(session, 100);
    const listed = await manage("GET", `/api/v1/manage/organizations/${f.organization.id}/borrows`);
    expect(listed.status).toBe(200);
    const { borrows } = (await listed.json()) as { borrows: { id: string; isLive: boolean }[] };
    expect(borrows).toEqual([expect.objectContaining({ id: borrow.id, isLive: true, deviceId: "d1", hours: 100 })]);
    expect((await manage("GET", `/api/v1/manage/organizations/${f.organization.id}/borrows?status=x`)).status).toBe(
      400,
    );

    const revoked = await manage("POST", `/api/v1/manage/borrows/${borrow.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ revoked: true, borrow: { endReason: "borrow_revoked" } });
    expect((await manage("POST", `/api/v1/manage/borrows/${crypto.randomUUID()}/revoke`)).status).toBe(404);
    const [pool] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, f.pool("cm").id));
    expect(pool).toMatchObject({ borrowedHeld: 0, sessionsHeld: 0 });
    const live = await manage("GET", `/api/v1/manage/organizations/${f.organization.id}/borrows`);
    expect(((await live.json()) as { borrows: unknown[] }).borrows).toEqual([]);

    const named = await makeOrganization(db, { pools: [{ module: "n", model: "named", capacity: 1 }] });
    const refused = await manage("PATCH", `/api/v1/manage/contracts/${named.contract.id}/pools/${named.mod("n")}`, {
      maxBorrowHours: 8,
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/per named user/);
  });
});
