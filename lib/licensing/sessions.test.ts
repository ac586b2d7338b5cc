import { and, eq, isNull, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, contracts, denials, licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { sessionCounterAndTruth } from "@/lib/testing/counters";
import { adminOf, makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { actorId } from "./actor";
import { updateContract } from "./contracts";
import { closeSession } from "./sessions/close";
import { endSessionByAdmin } from "./sessions/end-by-admin";
import { expireStaleSessions } from "./sessions/expiry";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const basic = (extra: Record<string, unknown> = {}) => ({
  pools: [{ module: "cm", model: "concurrent" as const, capacity: 3, ...extra }],
});

/** Makes a live session look like it missed its heartbeat. */
async function age(id: string) {
  await db
    .update(sessions)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(sessions.id, id));
}

describe("concurrent sessions (rules 6–8)", () => {
  it("refuses a 4th session on a Basic plan with the limit and the number in use", async () => {
    const f = await makeOrganization(db, basic());
    for (let i = 0; i < 3; i++)
      await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: `d${i}` });
    const e = await refusalOf(openSession(db, f.key, { module: f.mod("cm"), clientType: "web", deviceId: "d4" }));
    expect(e.code).toBe("SESSION_LIMIT_REACHED");
    expect(e.details).toEqual({ limit: 3, inUse: 3 });
    const rows = await db.select().from(denials).where(eq(denials.organizationId, f.organization.id));
    expect(rows.map((r) => r.code)).toEqual(["SESSION_LIMIT_REACHED"]);
  });

  it("allows the overage beyond capacity, floored", async () => {
    const f = await makeOrganization(db, basic({ overagePercent: 50 }));
    for (let i = 0; i < 4; i++)
      await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: `d${i}` });
    expect(
      (await refusalOf(openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "x" }))).details,
    ).toEqual({ limit: 4, inUse: 4 });
  });

  it("counts a weighted integration session as weight seats", async () => {
    const f = await makeOrganization(db, basic());
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "integration", deviceId: "erp", weight: 2 });
    const e = await refusalOf(
      openSession(db, f.key, { module: f.mod("cm"), clientType: "integration", deviceId: "erp2", weight: 2 }),
    );
    expect(e.details).toEqual({ limit: 3, inUse: 2 });
  });

  it("stops counting a session that missed its heartbeat at once, and records it as expired", async () => {
    const f = await makeOrganization(db, basic());
    const opened = [];
    for (let i = 0; i < 3; i++)
      opened.push(await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: `d${i}` }));
    await age(opened[0]!.id);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(2);
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "new" });
    const [old] = await db.select().from(sessions).where(eq(sessions.id, opened[0]!.id));
    expect(old!.endReason).toBe("expired");
    expect(await sessionCounterAndTruth(db, f.pool("cm").id)).toEqual({ counter: 3, truth: 3 });
  });

  it("answers SESSION_NOT_FOUND to a heartbeat on an expired session and records it expired", async () => {
    const f = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    const beat = await heartbeatSession(db, f.key, s.id);
    expect(beat.expiresAt.getTime()).toBeGreaterThanOrEqual(s.expiresAt.getTime());
    await age(s.id);
    const refused = await refusalOf(heartbeatSession(db, f.key, s.id));
    expect(refused.code).toBe("SESSION_NOT_FOUND");
    expect(refused.details).toMatchObject({ reason: "expired" });
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.endReason).toBe("expired");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, s.id));
    expect(events.filter((e) => e.action === "session.expire").map((e) => e.actorType)).toEqual(["system"]);
    expect(await sessionCounterAndTruth(db, f.pool("cm").id)).toEqual({ counter: 0, truth: 0 });
  });

  it("ends a session idempotently and answers SESSION_NOT_FOUND only for an unknown id", async () => {
    const f = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    expect(await closeSession(db, f.key, s.id)).toEqual({ ended: true });
    expect(await closeSession(db, f.key, s.id)).toEqual({ ended: false });
    expect((await refusalOf(closeSession(db, f.key, crypto.randomUUID()))).code).toBe("SESSION_NOT_FOUND");
    expect((await refusalOf(heartbeatSession(db, f.key, s.id))).details).toMatchObject({ reason: "closed" });
  });

  it("lets an admin end a stuck session, and hides other organizations' sessions", async () => {
    const f = await makeOrganization(db, basic());
    const other = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    expect((await refusalOf(endSessionByAdmin(db, adminOf(other.organization.id), s.id, other.scope))).code).toBe(
      "NOT_FOUND",
    );
    expect(await endSessionByAdmin(db, adminOf(f.organization.id), s.id, f.scope)).toEqual({ ended: true });
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.endReason).toBe("ended_by_admin");
  });

  it("expires stale sessions in the periodic sweep", async () => {
    const f = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    await age(s.id);
    expect((await expireStaleSessions(db)).expired).toBeGreaterThanOrEqual(1);
    expect(await sessionCounterAndTruth(db, f.pool("cm").id)).toEqual({ counter: 0, truth: 0 });
  });

  it("ends the live sessions of a contract whose end date passed in the periodic sweep", async () => {
    const f = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    // The date passes by itself: no one changes the contract through the engine.
    await db
      .update(contracts)
      .set({ endsAt: new Date(Date.now() - 1000) })
      .where(eq(contracts.id, f.contract.id));
    expect((await expireStaleSessions(db)).contractInactive).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.endReason).toBe("contract_inactive");
    expect(await sessionCounterAndTruth(db, f.pool("cm").id)).toEqual({ counter: 0, truth: 0 });
  });

  it("refuses MODULE_NOT_LICENSED for a module the contract lacks", async () => {
    const f = await makeOrganization(db, basic());
    expect(
      (await refusalOf(openSession(db, f.key, { module: "no-such-module", clientType: "desktop", deviceId: "d" })))
        .code,
    ).toBe("MODULE_NOT_LICENSED");
  });

  it("refuses CONTRACT_INACTIVE on a suspended contract and ends its live sessions", async () => {
    const f = await makeOrganization(db, basic());
    const s = await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" });
    await updateContract(db, testOperator, f.contract.id, { status: "suspended" }, VENDOR);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.endReason).toBe("contract_inactive");
    expect(
      (await refusalOf(openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" }))).code,
    ).toBe("CONTRACT_INACTIVE");
    expect(await sessionCounterAndTruth(db, f.pool("cm").id)).toEqual({ counter: 0, truth: 0 });
  });

  it("refuses CONTRACT_INACTIVE on a contract whose end date has passed", async () => {
    const f = await makeOrganization(db, basic());
    await updateContract(db, testOperator, f.contract.id, { endsAt: new Date(Date.now() - 1000) }, VENDOR);
    expect(
      (await refusalOf(openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "d" }))).code,
    ).toBe("CONTRACT_INACTIVE");
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.contractStatus).toBe("expired");
  });
});

describe("API connects (rule 12)", () => {
  it("takes a seat and an API connect together, and neither when the quota is used up", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "api", model: "concurrent", capacity: 5, apiConnectsPerLicense: 0, extraApiConnects: 2 }],
    });
    const open = () => openSession(db, f.key, { module: f.mod("api"), clientType: "api", deviceId: "svc" });
    await open();
    await open();
    const e = await refusalOf(open());
    expect(e.code).toBe("API_QUOTA_EXHAUSTED");
    expect(e.details).toMatchObject({ limit: 2, used: 2 });
    expect(await sessionCounterAndTruth(db, f.pool("api").id)).toEqual({ counter: 2, truth: 2 });
    const [usage] = await poolUsages(db, { contractId: f.contract.id });
    expect(usage!.apiConnects).toMatchObject({ limit: 2, used: 2 });
  });
});

describe("users on sessions (rules 7, 9)", () => {
  async function withUsers() {
    const { createProfile } = await import("./profiles");
    const { createUser, updateUser } = await import("./users");
    const f = await makeOrganization(db, {
      pools: [
        { module: "cc", model: "concurrent", capacity: 5 },
        { module: "nm", model: "named", capacity: 2 },
        { module: "other", model: "concurrent", capacity: 5 },
      ],
    });
    const profile = await createProfile(db, testOperator, f.organization.id, {
      name: "P",
      modules: [f.mod("cc"), f.mod("nm")],
    });
    const add = (username: string, more: Record<string, unknown> = {}) =>
      createUser(db, testOperator, f.organization.id, {
        username,
        email: `${username}@example.com`,
        profileId: profile.id,
        credentials: "issued",
        ...more,
      });
    await add("Ann");
    await add("idle", { status: "inactive" });
    await add("gone", { validTo: "2001-01-01" });
    await add("nocred", { credentials: "none" });
    await updateUser(db, testOperator, (await add("cut")).id, { credentials: "revoked" }, VENDOR);
    const open = (module: string, username?: string, deviceId = "pc") =>
      openSession(db, f.key, { module: f.mod(module), clientType: "desktop", deviceId, username });
    return { f, open };
  }

  it("refuses users who are unknown, inactive, expired, without credentials or not granted the module", async () => {
    const { open } = await withUsers();
    expect((await refusalOf(open("cc", "nobody"))).code).toBe("USER_NOT_FOUND");
    expect((await refusalOf(open("cc", "idle"))).code).toBe("USER_INACTIVE");
    expect((await refusalOf(open("cc", "gone"))).code).toBe("USER_EXPIRED");
    const never = await refusalOf(open("cc", "nocred"));
    expect([never.code, never.message]).toEqual([
      "NO_CREDENTIALS",
      'The user "nocred" has no login credentials issued.',
    ]);
    // Revoked credentials were issued once: the sentence says what happened to them.
    const revoked = await refusalOf(open("cc", "cut"));
    expect([revoked.code, revoked.message]).toEqual([
      "NO_CREDENTIALS",
      'The user "cut" had their login credentials revoked.',
    ]);
    expect((await refusalOf(open("other", "ann"))).code).toBe("MODULE_NOT_GRANTED");
  });

  it("counts the same user on two devices as two sessions, matching the username case-insensitively", async () => {
    const { f, open } = await withUsers();
    await open("cc", "ANN", "laptop");
    await open("cc", "ann", "phone");
    expect((await poolUsages(db, { contractId: f.contract.id })).find((p) => p.module === f.mod("cc"))!.inUse).toBe(2);
  });

  it("writes an audit event for each open, close and admin end, and none for a refused open", async () => {
    const { f, open } = await withUsers();
    const s = await open("cc", "ANN", "laptop");
    const t = await openSession(db, f.key, {
      module: f.mod("cc"),
      clientType: "integration",
      deviceId: "erp",
      weight: 2,
    });
    await refusalOf(open("cc", "nobody"));
    await closeSession(db, f.key, s.id);
    await closeSession(db, f.key, s.id);
    const admin = adminOf(f.organization.id);
    await endSessionByAdmin(db, admin, t.id, f.scope);
    const events = await db
      .select({
        action: auditEvents.action,
        actorType: auditEvents.actorType,
        actorId: auditEvents.actorId,
        actorLabel: auditEvents.actorLabel,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        before: auditEvents.before,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, f.organization.id), like(auditEvents.action, "session.%")))
      .orderBy(auditEvents.id);
    const key = {
      actorType: "token",
      actorId: actorId(f.key.actor),
      actorLabel: f.key.actor.label,
      targetType: "session",
    };
    expect(events).toEqual([
      {
        ...key,
        action: "session.open",
        targetId: s.id,
        before: null,
        after: { module: f.mod("cc"), clientType: "desktop", deviceId: "laptop", username: "Ann", weight: 1 },
      },
      {
        ...key,
        action: "session.open",
        targetId: t.id,
        before: null,
        after: { module: f.mod("cc"), clientType: "integration", deviceId: "erp", username: null, weight: 2 },
      },
      { ...key, action: "session.close", targetId: s.id, before: null, after: null },
      {
        actorType: "account",
        actorId: actorId(admin),
        actorLabel: "test-admin",
        targetType: "session",
        action: "session.end",
        targetId: t.id,
        before: { deviceId: "erp", clientType: "integration", weight: 2 },
        after: null,
      },
    ]);
  });

  it("on a named pool needs a user holding a seat, and takes nothing more", async () => {
    const { f, open } = await withUsers();
    expect((await refusalOf(open("nm"))).code).toBe("USER_NOT_FOUND");
    for (let i = 0; i < 4; i++) await open("nm", "ann", `dev${i}`);
    const [pool] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, f.pool("nm").id));
    expect(pool!.sessionsHeld).toBe(0);
    expect((await poolUsages(db, { contractId: f.contract.id })).find((p) => p.module === f.mod("nm"))!.inUse).toBe(1);
  });
});

describe("no drift between reports and rows", () => {
  it("poolUsages equals usage recomputed from the rows", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 20 }] });
    const opened = [];
    for (let i = 0; i < 9; i++)
      opened.push(
        await openSession(db, f.key, {
          module: f.mod("cc"),
          clientType: "integration",
          deviceId: `i${i}`,
          weight: 1 + (i % 2),
        }),
      );
    await closeSession(db, f.key, opened[0]!.id);
    await age(opened[1]!.id);
    const live = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.poolId, f.pool("cc").id), isNull(sessions.endedAt)));
    const truth = live.filter((s) => s.expiresAt.getTime() > Date.now()).reduce((n, s) => n + s.weight, 0);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(truth);
  });
});
