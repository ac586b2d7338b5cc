import { and, eq, sql } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, borrows, licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { adminOf, makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { activateDevice } from "./activations";
import { listBorrows, revokeBorrow } from "./borrow-admin";
import { borrowSession, returnBorrow } from "./borrows";
import { updateContract, updatePool } from "./contracts";
import { isLicensingError } from "./errors";
import { publicJwks } from "./lease-token";
import { createProfile } from "./profiles";
import { createUser } from "./users";
import { closeSession } from "./sessions/close";
import { expireStaleSessions } from "./sessions/expiry";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function borrowable(capacity: number, settings: { maxBorrowHours?: number; borrowPercent?: number } = {}) {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cm", model: "concurrent", capacity, heartbeatSeconds: 60 },
      { module: "named", model: "named", capacity: 5 },
    ],
  });
  await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { maxBorrowHours: 168, ...settings }, VENDOR);
  const open = (deviceId: string) => openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId });
  return { ...f, open };
}

const poolRow = async (id: string) => (await db.select().from(licensePools).where(eq(licensePools.id, id)))[0]!;
const sessionRow = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
const inUse = async (contractId: string) => (await poolUsages(db, { contractId }))[0]!.inUse;

async function verify(token: string) {
  const { payload } = await jwtVerify(token, createLocalJWKSet(await publicJwks()), { issuer: "seatkeeper" });
  return payload;
}

describe("borrowing a seat (rule 25)", () => {
  it("turns a live session into a borrowed seat with a lease token verifiable offline", async () => {
    const f = await borrowable(3);
    const s = await f.open("LAPTOP-1");
    const b = await borrowSession(db, f.key, s.id, { hours: 48 });
    expect(b.module).toBe(f.mod("cm"));
    expect(b.expiresAt.getTime() - Date.now()).toBeGreaterThan(47.9 * 3600_000);
    expect(b.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(48 * 3600_000);
    const claims = await verify(b.leaseToken);
    expect(claims).toMatchObject({
      contract: f.contract.id,
      module: f.mod("cm"),
      device: "LAPTOP-1",
      borrow: b.id,
      session: s.id,
      sub: b.id,
      exp: Math.floor(b.expiresAt.getTime() / 1000),
    });
    expect(claims.entitlements).toEqual([f.mod("cm"), f.mod("named")].sort());
    expect(b.entitlements).toEqual(claims.entitlements);

    const row = await sessionRow(s.id);
    expect(row.borrowedUntil!.getTime()).toBe(b.expiresAt.getTime());
    expect(row.expiresAt.getTime()).toBe(b.expiresAt.getTime());
    expect((await poolRow(f.pool("cm").id)).borrowedHeld).toBe(1);
    expect(await inUse(f.contract.id)).toBe(1);
    const events = await db
      .select({ action: auditEvents.action, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, s.id), eq(auditEvents.action, "borrow.create")));
    expect(events).toEqual([
      { action: "borrow.create", after: expect.objectContaining({ borrowId: b.id, hours: 48 }) },
    ]);
  });

  it("ends a borrow no later than its contract", async () => {
    const f = await makeOrganization(db, {
      endsAt: new Date(Date.now() + 36 * 3600_000),
      pools: [{ module: "cm", model: "concurrent", capacity: 1 }],
    });
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { maxBorrowHours: 168 }, VENDOR);
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d1" });
    const b = await borrowSession(db, f.key, s.id, { hours: 168 });
    expect(b.expiresAt.getTime()).toBe(f.contract.endsAt!.getTime());
    expect((await verify(b.leaseToken)).exp).toBe(Math.floor(f.contract.endsAt!.getTime() / 1000));
  });

  it("keeps counting the seat: a heartbeat neither shortens the borrow nor lets idleness reclaim it", async () => {
    const f = await borrowable(1, { maxBorrowHours: 2 });
    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { idleTimeoutMinutes: 1 }, VENDOR);
    const s = await f.open("d1");
    const b = await borrowSession(db, f.key, s.id, { hours: 2 });
    const beat = await heartbeatSession(db, f.key, s.id, { idleSeconds: 3600 });
    expect(beat.expiresAt.getTime()).toBe(b.expiresAt.getTime());
    expect((await sessionRow(s.id)).idleUntil).toBeNull();
    expect((await heartbeatSession(db, f.key, s.id)).expiresAt.getTime()).toBe(b.expiresAt.getTime());
    // Past the heartbeat TTL the seat still counts.
    await db
      .update(sessions)
      .set({ lastHeartbeatAt: sql`now() - interval '1 hour'` })
      .where(eq(sessions.id, s.id));
    await expireStaleSessions(db);
    expect((await sessionRow(s.id)).endedAt).toBeNull();
    expect((await refusalOf(f.open("d2"))).code).toBe("SESSION_LIMIT_REACHED");
  });

  it("frees the seat when the borrow runs out, by the read-time rule, and the sweep records borrow_expired", async () => {
    const f = await borrowable(1);
    const s = await f.open("d1");
    await borrowSession(db, f.key, s.id, { hours: 1 });
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'`, borrowedUntil: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, s.id));
    expect(await inUse(f.contract.id)).toBe(0);
    expect(await listBorrows(db, f.organization.id)).toEqual([]);
    const [ended] = await listBorrows(db, f.organization.id, { all: true });
    expect(ended).toMatchObject({ isLive: false, endReason: "borrow_expired" });
    await expireStaleSessions(db);
    const row = await sessionRow(s.id);
    expect(row.endReason).toBe("borrow_expired");
    expect((await poolRow(f.pool("cm").id)).borrowedHeld).toBe(0);
    expect((await poolRow(f.pool("cm").id)).sessionsHeld).toBe(0);
    const events = await db
      .select({ action: auditEvents.action, actorType: auditEvents.actorType })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, s.id), eq(auditEvents.action, "borrow.expire")));
    expect(events).toEqual([{ action: "borrow.expire", actorType: "system" }]);
    expect((await refusalOf(heartbeatSession(db, f.key, s.id))).details).toMatchObject({ reason: "borrow_expired" });
    await f.open("d2");
  });

  it("returns a borrowed seat at once, idempotently; an unknown or foreign borrow is BORROW_NOT_FOUND", async () => {
    const f = await borrowable(1);
    const other = await borrowable(1);
    const s = await f.open("d1");
    const b = await borrowSession(db, f.key, s.id, { hours: 8 });
    expect((await refusalOf(returnBorrow(db, other.key, b.id))).code).toBe("BORROW_NOT_FOUND");
    expect(await returnBorrow(db, f.key, b.id)).toEqual({ returned: true });
    expect(await returnBorrow(db, f.key, b.id)).toEqual({ returned: false });
    expect((await sessionRow(s.id)).endReason).toBe("returned");
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ borrowedHeld: 0, sessionsHeld: 0 });
    expect((await refusalOf(returnBorrow(db, f.key, crypto.randomUUID()))).code).toBe("BORROW_NOT_FOUND");
    expect((await refusalOf(returnBorrow(db, f.key, "nope"))).code).toBe("BORROW_NOT_FOUND");
    await f.open("d2");
  });

  it("lets an administrator list and revoke borrows of their organization only", async () => {
    const f = await borrowable(2);
    const s = await f.open("d1");
    const b = await borrowSession(db, f.key, s.id, { hours: 8 });
    const [listed] = await listBorrows(db, f.organization.id);
    expect(listed).toMatchObject({
      id: b.id,
      sessionId: s.id,
      deviceId: "d1",
      hours: 8,
      isLive: true,
      endReason: null,
    });
    const stranger = await borrowable(1);
    const foreign = await refusalOf(revokeBorrow(db, adminOf(stranger.organization.id), b.id, stranger.scope));
    expect(foreign.code).toBe("NOT_FOUND");
    const revoked = await revokeBorrow(db, adminOf(f.organization.id), b.id, f.scope);
    expect(revoked).toMatchObject({ revoked: true, borrow: { isLive: false, endReason: "borrow_revoked" } });
    expect((await revokeBorrow(db, adminOf(f.organization.id), b.id, f.scope)).revoked).toBe(false);
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ borrowedHeld: 0, sessionsHeld: 0 });
    expect((await refusalOf(heartbeatSession(db, f.key, s.id))).details).toMatchObject({ reason: "borrow_revoked" });
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, s.id), eq(auditEvents.action, "borrow.revoke")));
    expect(events).toHaveLength(1);
  });

  it("releases the borrowed count when a borrowed session is closed or its contract stops", async () => {
    const f = await borrowable(2);
    const a = await f.open("a");
    await borrowSession(db, f.key, a.id, { hours: 1 });
    await closeSession(db, f.key, a.id);
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ borrowedHeld: 0, sessionsHeld: 0 });
    const b = await f.open("b");
    await borrowSession(db, f.key, b.id, { hours: 1 });
    await updateContract(db, testOperator, f.contract.id, { status: "suspended" }, VENDOR);
    expect((await sessionRow(b.id)).endReason).toBe("contract_inactive");
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ borrowedHeld: 0, sessionsHeld: 0 });
  });

  it("refuses bad borrows with a code and a sentence, changing nothing", async () => {
    const f = await borrowable(4, { maxBorrowHours: 24, borrowPercent: 25 });
    const other = await borrowable(4);
    const s = await f.open("d1");
    const t = await f.open("d2");
    const expectNothingChanged = async () => {
      expect(await poolRow(f.pool("cm").id)).toMatchObject({ borrowedHeld: 0, sessionsHeld: 2 });
      expect(
        await db
          .select()
          .from(borrows)
          .where(eq(borrows.poolId, f.pool("cm").id)),
      ).toEqual([]);
    };
    const tooLong = await refusalOf(borrowSession(db, f.key, s.id, { hours: 25 }));
    expect(tooLong).toMatchObject({ code: "VALUE_OUT_OF_RANGE", details: { field: "hours", max: 24 } });
    expect(tooLong.message).toMatch(/at most 24 hours/);
    expect((await refusalOf(borrowSession(db, f.key, s.id, { hours: 0 }))).code).toBe("VALUE_OUT_OF_RANGE");
    expect((await refusalOf(borrowSession(db, f.key, s.id, { hours: 8761 }))).code).toBe("VALUE_OUT_OF_RANGE");
    expect((await refusalOf(borrowSession(db, other.key, s.id, { hours: 1 }))).code).toBe("SESSION_NOT_FOUND");
    expect((await refusalOf(borrowSession(db, f.key, crypto.randomUUID(), { hours: 1 }))).code).toBe(
      "SESSION_NOT_FOUND",
    );
    expect((await refusalOf(borrowSession(db, f.key, "x", { hours: 1 }))).code).toBe("SESSION_NOT_FOUND");
    await expectNothingChanged();

    await borrowSession(db, f.key, s.id, { hours: 24 });
    const twice = await refusalOf(borrowSession(db, f.key, s.id, { hours: 1 }));
    expect(twice.code).toBe("SESSION_ALREADY_BORROWED");
    const over = await refusalOf(borrowSession(db, f.key, t.id, { hours: 1 }));
    expect(over).toMatchObject({ code: "BORROW_LIMIT_REACHED", details: { limit: 1, borrowed: 1 } });
    expect(over.message).toMatch(/At most 1 of 4 .* \(25%\)/);
    expect((await sessionRow(t.id)).borrowedUntil).toBeNull();

    await closeSession(db, f.key, t.id);
    const ended = await refusalOf(borrowSession(db, f.key, t.id, { hours: 1 }));
    expect(ended).toMatchObject({ code: "SESSION_NOT_FOUND", details: { reason: "closed" } });

    await updatePool(db, testOperator, f.contract.id, f.mod("cm"), { maxBorrowHours: 0 }, VENDOR);
    const u = await f.open("d3");
    const off = await refusalOf(borrowSession(db, f.key, u.id, { hours: 1 }));
    expect(off.code).toBe("BORROW_NOT_ALLOWED");
    expect(off.message).toMatch(/turned off/);
  });

  it("refuses borrowing on a named pool, and borrow settings for it", async () => {
    const f = await borrowable(1);
    const refused = await refusalOf(
      updatePool(db, testOperator, f.contract.id, f.mod("named"), { maxBorrowHours: 24, borrowPercent: 50 }, VENDOR),
    );
    expect(refused.code).toBe("INVALID");
    expect(refused.message).toMatch(/per named user: maxBorrowHours, borrowPercent applies to concurrent pools only/);
    expect((await poolRow(f.pool("named").id)).maxBorrowHours).toBe(0);
    // Giving the values that mean "off" changes nothing and is fine.
    await updatePool(
      db,
      testOperator,
      f.contract.id,
      f.mod("named"),
      { maxBorrowHours: 0, borrowPercent: 100 },
      VENDOR,
    );
  });

  it("lets exactly borrowPercent % of the pool be borrowed by racing borrows", async () => {
    const f = await borrowable(20, { borrowPercent: 25 });
    const opened = [];
    for (let i = 0; i < 20; i++) opened.push(await f.open(`d${i}`));
    const results = await Promise.allSettled(
      opened.flatMap((s) => [
        borrowSession(db, f.key, s.id, { hours: 4 }),
        borrowSession(db, f.key, s.id, { hours: 4 }),
      ]),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    for (const r of results)
      if (r.status === "rejected")
        expect(isLicensingError(r.reason) && r.reason.code).toMatch(
          /^(BORROW_LIMIT_REACHED|SESSION_ALREADY_BORROWED)$/,
        );
    expect(ok).toHaveLength(5);
    const rows = await db
      .select()
      .from(borrows)
      .where(eq(borrows.poolId, f.pool("cm").id));
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.sessionId)).size).toBe(5);
    const borrowedSessions = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(and(eq(sessions.poolId, f.pool("cm").id), sql`${sessions.borrowedUntil} is not null`));
    expect(borrowedSessions[0]!.n).toBe(5);
    expect((await poolRow(f.pool("cm").id)).borrowedHeld).toBe(5);
  });
});

describe("entitlements in lease tokens", () => {
  it("puts the contract's modules in an activation's lease, and only the user's granted ones with a username", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "dev", model: "named", capacity: 3, activationsPerLicense: 2 },
        { module: "other", model: "concurrent", capacity: 3 },
      ],
    });
    const { activation } = await activateDevice(db, f.key, {
      module: f.mod("dev"),
      fingerprint: "fp-1",
      platform: "desktop",
    });
    expect((await verify(activation.leaseToken)).entitlements).toEqual([f.mod("dev"), f.mod("other")].sort());

    const profile = await createProfile(db, testOperator, f.organization.id, { name: "Dev", modules: [f.mod("dev")] });
    await createUser(db, testOperator, f.organization.id, {
      username: "ada",
      email: "ada@example.com",
      profileId: profile.id,
      credentials: "issued",
    });
    const named = await activateDevice(db, f.key, {
      module: f.mod("dev"),
      fingerprint: "fp-2",
      platform: "desktop",
      username: "ada",
    });
    expect((await verify(named.activation.leaseToken)).entitlements).toEqual([f.mod("dev")]);
  });
});
