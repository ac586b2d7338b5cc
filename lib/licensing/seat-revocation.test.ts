import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, sessions, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { sessionCounterAndTruth } from "@/lib/testing/counters";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { createProfile, deleteProfile, updateProfile } from "./profiles";
import { expireStaleSessions } from "./sessions/expiry";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { bulkUpdateUsers, createUser, deleteUser, updateUser } from "./users";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

/** Alice holds a seat in a concurrent and a named pool, with a live session on each. */
async function aliceWithSessions() {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cc", model: "concurrent", capacity: 5 },
      { module: "nm", model: "named", capacity: 5 },
    ],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, {
    name: "Both",
    modules: [f.mod("cc"), f.mod("nm")],
  });
  const alice = await createUser(db, testOperator, f.organization.id, {
    username: "alice",
    email: "alice@example.com",
    profileId: profile.id,
    credentials: "issued",
  });
  const open = (module: "cc" | "nm") =>
    openSession(db, f.key, {
      module: f.mod(module),
      clientType: "desktop",
      deviceId: `pc-${module}`,
      username: "alice",
    });
  const live = [await open("cc"), await open("nm")];
  return { f, profile, alice, live };
}

async function endReasons(ids: string[]) {
  const rows = await db.select().from(sessions);
  return ids.map((id) => rows.find((r) => r.id === id)?.endReason ?? null);
}

async function countersEqualRows(poolId: string) {
  const { counter, truth } = await sessionCounterAndTruth(db, poolId);
  expect(counter).toBe(truth);
}

describe("losing a seat ends what it held (rule 18)", () => {
  const losses: [string, (s: Awaited<ReturnType<typeof aliceWithSessions>>) => Promise<unknown>][] = [
    ["deactivated", (s) => updateUser(db, testOperator, s.alice.id, { status: "inactive" }, VENDOR)],
    ["credentials revoked", (s) => updateUser(db, testOperator, s.alice.id, { credentials: "revoked" }, VENDOR)],
    ["validTo moved into the past", (s) => updateUser(db, testOperator, s.alice.id, { validTo: "2020-01-01" }, VENDOR)],
    ["moved to no profile", (s) => updateUser(db, testOperator, s.alice.id, { profileId: null }, VENDOR)],
    [
      "moved to a profile without the modules",
      async (s) => {
        const none = await createProfile(db, testOperator, s.f.organization.id, { name: "None", modules: [] });
        return updateUser(db, testOperator, s.alice.id, { profileId: none.id }, VENDOR);
      },
    ],
    ["her profile loses the modules", (s) => updateProfile(db, testOperator, s.profile.id, { modules: [] }, VENDOR)],
    ["her profile deleted", (s) => deleteProfile(db, testOperator, s.profile.id, VENDOR)],
    ["deleted", (s) => deleteUser(db, testOperator, s.alice.id, VENDOR)],
    [
      "deactivated in bulk",
      (s) => bulkUpdateUsers(db, testOperator, s.f.organization.id, [s.alice.id], { status: "inactive" }),
    ],
  ];

  for (const [how, lose] of losses) {
    it(`ends her live sessions with seat_revoked (${how}) and refuses her next heartbeat`, async () => {
      const s = await aliceWithSessions();
      await lose(s);
      expect(await endReasons(s.live.map((x) => x.id))).toEqual(["seat_revoked", "seat_revoked"]);
      for (const session of s.live) {
        const refused = await refusalOf(heartbeatSession(db, s.f.key, session.id));
        expect(refused.code).toBe("SESSION_NOT_FOUND");
        expect(refused.details).toMatchObject({ reason: "seat_revoked" });
      }
      const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "session.seatRevoked"));
      expect(events.filter((e) => s.live.some((x) => x.id === e.targetId))).toHaveLength(2);
      await countersEqualRows(s.f.pool("cc").id);
    });
  }

  it("ends only the sessions of the module she lost", async () => {
    const s = await aliceWithSessions();
    await updateProfile(db, testOperator, s.profile.id, { modules: [s.f.mod("cc")] }, VENDOR);
    expect(await endReasons(s.live.map((x) => x.id))).toEqual([null, "seat_revoked"]);
    expect((await heartbeatSession(db, s.f.key, s.live[0]!.id)).id).toBe(s.live[0]!.id);
  });

  it("ends them in the periodic sweep when her validTo passes by itself", async () => {
    const s = await aliceWithSessions();
    // The day turns: no one changes her through the engine.
    await db.update(users).set({ validTo: "2020-01-01" }).where(eq(users.id, s.alice.id));
    expect((await expireStaleSessions(db)).seatRevoked).toBeGreaterThanOrEqual(2);
    expect(await endReasons(s.live.map((x) => x.id))).toEqual(["seat_revoked", "seat_revoked"]);
    await countersEqualRows(s.f.pool("cc").id);
  });

  it("refuses a heartbeat of a user who lost her seat even before anything ended the session", async () => {
    const s = await aliceWithSessions();
    await db.update(users).set({ credentials: "revoked" }).where(eq(users.id, s.alice.id));
    const refused = await refusalOf(heartbeatSession(db, s.f.key, s.live[0]!.id));
    expect(refused.details).toMatchObject({ reason: "seat_revoked" });
    expect(await endReasons([s.live[0]!.id])).toEqual(["seat_revoked"]);
    await countersEqualRows(s.f.pool("cc").id);
  });

  it("keeps the sessions of a change that loses no seat", async () => {
    const s = await aliceWithSessions();
    await updateUser(db, testOperator, s.alice.id, { email: "alice@elsewhere.example" }, VENDOR);
    expect(await endReasons(s.live.map((x) => x.id))).toEqual([null, null]);
  });
});
