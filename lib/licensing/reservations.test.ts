import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { updatePool } from "./contracts";
import { isLicensingError } from "./errors";
import { createProfile, deleteProfile } from "./profiles";
import { closeSession } from "./sessions/close";
import { openSession } from "./sessions/open";
import { createUser } from "./users";
import { VENDOR } from "./input";

// Rule 25: reserved seats are usable only by their profile's members, `max` caps a profile, and
// both stay exact however many opens and closes race.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

/** A concurrent pool with two profiles (Legal, Sales) of `members` users each. */
async function twoProfiles(capacity: number, members = 3) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity }] });
  const profile = (name: string) =>
    createProfile(db, testOperator, f.organization.id, { name, modules: [f.mod("cm")] });
  const legal = await profile(unique("Legal"));
  const sales = await profile(unique("Sales"));
  const user = async (name: string, profileId: string) =>
    (
      await createUser(db, testOperator, f.organization.id, {
        username: name,
        email: `${name}@example.com`,
        profileId,
        credentials: "issued",
      })
    ).username;
  const legalUsers = await Promise.all(times(members, (i) => user(`legal${i}`, legal.id)));
  const salesUsers = await Promise.all(times(members, (i) => user(`sales${i}`, sales.id)));
  const reserve = (reservations: { profileId: string; reserved?: number; max?: number | null }[] | null) =>
    updatePool(db, testOperator, f.contract.id, f.mod("cm"), { reservations }, VENDOR);
  const open = (username: string | undefined, deviceId: string) =>
    openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId, username });
  return { ...f, legal, sales, legalUsers, salesUsers, reserve, open };
}

/** The pool's counters against the live rows: total and per profile. */
async function counters(poolId: string) {
  const [pool] = await db.select().from(licensePools).where(eq(licensePools.id, poolId));
  const rows = await db
    .select({ profile: sessions.reservedProfileId, held: sql<number>`sum(${sessions.seatsHeld})::int` })
    .from(sessions)
    .where(and(eq(sessions.poolId, poolId), isNull(sessions.endedAt)))
    .groupBy(sessions.reservedProfileId);
  const truth = Object.fromEntries(rows.filter((r) => r.profile).map((r) => [r.profile!, Number(r.held)]));
  const total = rows.reduce((sum, r) => sum + Number(r.held), 0);
  const counted = Object.fromEntries(Object.entries(pool!.reservedHeld).filter(([, n]) => n !== 0));
  return { pool: pool!, total, truth, counted };
}

describe("reservations and caps (rule 25)", () => {
  it("keeps reserved seats for the profile's members and says so to everyone else", async () => {
    const f = await twoProfiles(3);
    await f.reserve([{ profileId: f.legal.id, reserved: 2 }]);
    await f.open(f.salesUsers[0], "s0");
    const e = await refusalOf(f.open(f.salesUsers[1], "s1"));
    expect(e.code).toBe("SESSION_LIMIT_REACHED");
    expect(e.message).toMatch(/reserved for other profiles \(Legal/);
    expect(e.details).toEqual({ limit: 3, inUse: 1, reserved: 2 });
    expect((await refusalOf(f.open(undefined, "anonymous"))).details).toMatchObject({ reserved: 2 });
    await f.open(f.legalUsers[0], "l0");
    await f.open(f.legalUsers[1], "l1");
    expect((await refusalOf(f.open(f.legalUsers[2], "l2"))).details).toEqual({ limit: 3, inUse: 3 });
  });

  it("lets members use free unreserved seats beyond their reservation, up to their max", async () => {
    const f = await twoProfiles(5);
    await f.reserve([{ profileId: f.legal.id, reserved: 1, max: 2 }]);
    await f.open(f.legalUsers[0], "l0");
    await f.open(f.legalUsers[1], "l1");
    const e = await refusalOf(f.open(f.legalUsers[2], "l2"));
    expect(e.message).toMatch(/may hold at most 2 .* at once \(2 in use\)/);
    expect(e.details).toMatchObject({ limit: 5, inUse: 2, profileId: f.legal.id, profileMax: 2, profileInUse: 2 });
    // Legal's reservation is used, so Sales may take every other seat.
    for (let i = 0; i < 3; i++) await f.open(f.salesUsers[i], `s${i}`);
  });

  it("counts the sessions already open when reservations are set, and frees the profile's seats on close", async () => {
    const f = await twoProfiles(4);
    const a = await f.open(f.legalUsers[0], "l0");
    await f.open(f.salesUsers[0], "s0");
    await f.reserve([{ profileId: f.legal.id, reserved: 2, max: 2 }]);
    expect((await counters(f.pool("cm").id)).counted).toEqual({ [f.legal.id]: 1, [f.sales.id]: 1 });
    await f.open(f.salesUsers[1], "s1");
    expect((await refusalOf(f.open(f.salesUsers[2], "s2"))).details).toMatchObject({ reserved: 1 });
    await closeSession(db, f.key, a.id);
    const after = await counters(f.pool("cm").id);
    expect(after.counted).toEqual(after.truth);
    await f.reserve(null);
    expect((await counters(f.pool("cm").id)).pool.reservedHeld).toEqual({});
    await f.open(f.salesUsers[2], "s2");
  });

  it("drops a deleted profile's reservation", async () => {
    const f = await twoProfiles(4);
    await f.reserve([
      { profileId: f.legal.id, reserved: 2 },
      { profileId: f.sales.id, reserved: 1 },
    ]);
    await deleteProfile(db, testOperator, f.legal.id, VENDOR);
    expect((await counters(f.pool("cm").id)).pool.reservations).toEqual([
      { profileId: f.sales.id, reserved: 1, max: null },
    ]);
    await deleteProfile(db, testOperator, f.sales.id, VENDOR);
    const after = (await counters(f.pool("cm").id)).pool;
    expect([after.reservations, after.reservedHeld]).toEqual([null, {}]);
  });

  it("refuses bad reservations with a sentence and changes nothing", async () => {
    const f = await twoProfiles(3);
    const other = await twoProfiles(3);
    const cases: [Parameters<typeof f.reserve>[0], string][] = [
      [[{ profileId: f.legal.id, reserved: 4 }], "INVALID"],
      [
        [
          { profileId: f.legal.id, reserved: 2 },
          { profileId: f.sales.id, reserved: 2 },
        ],
        "INVALID",
      ],
      [[{ profileId: f.legal.id, reserved: 2, max: 1 }], "INVALID"],
      [[{ profileId: f.legal.id }, { profileId: f.legal.id }], "INVALID"],
      [[{ profileId: other.legal.id, reserved: 1 }], "NOT_FOUND"],
      [[{ profileId: f.legal.id, reserved: -1 }], "VALUE_OUT_OF_RANGE"],
      [[{ profileId: "not-an-id" }], "INVALID"],
    ];
    for (const [reservations, code] of cases) {
      const e = await refusalOf(f.reserve(reservations));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(/\w+ \w+/);
    }
    expect((await counters(f.pool("cm").id)).pool.reservations).toBeNull();
    await f.reserve([{ profileId: f.legal.id, reserved: 3 }]);
    const shrink = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cm"), { capacity: 2 }, VENDOR));
    expect(shrink.message).toMatch(/3 seats are reserved for profiles but the pool has 2/);
    const named = await makeOrganization(db, { pools: [{ module: "nm", model: "named", capacity: 2 }] });
    const p = await createProfile(db, testOperator, named.organization.id, { name: "P", modules: [] });
    const e = await refusalOf(
      updatePool(db, testOperator, named.contract.id, named.mod("nm"), { reservations: [{ profileId: p.id }] }, VENDOR),
    );
    expect(e.message).toMatch(/concurrent pools only/);
  });

  it("stays exact when reserved and unreserved users race with churn", async () => {
    const f = await twoProfiles(6, 12);
    await f.reserve([{ profileId: f.legal.id, reserved: 3, max: 4 }]);
    const poolId = f.pool("cm").id;
    const worker = (username: string) => async () => {
      for (let i = 0; i < 6; i++) {
        try {
          const s = await f.open(username, `${username}-${i}`);
          if (i % 2 === 0) await Promise.all([closeSession(db, f.key, s.id), closeSession(db, f.key, s.id)]);
        } catch (e) {
          expect(isLicensingError(e) && e.code).toBe("SESSION_LIMIT_REACHED");
        }
        const now = await counters(poolId);
        const legal = now.truth[f.legal.id] ?? 0;
        expect(now.total).toBeLessThanOrEqual(6);
        expect(legal).toBeLessThanOrEqual(4);
        // Non-members never eat into Legal's unused reserved seats.
        expect(now.total - legal + Math.max(3 - legal, 0)).toBeLessThanOrEqual(6);
      }
    };
    await Promise.all([...f.legalUsers, ...f.salesUsers].map((u) => worker(u)()));
    const end = await counters(poolId);
    expect(end.pool.sessionsHeld).toBe(end.total);
    expect(end.counted).toEqual(end.truth);
  });

  it("lets exactly the unreserved seats go to 100 racing non-members and exactly max to members", async () => {
    const f = await twoProfiles(10, 20);
    await f.reserve([{ profileId: f.legal.id, reserved: 4, max: 5 }]);
    const attempts = [
      ...times(40, (i) => () => f.open(f.salesUsers[i % 20], `s${i}`)),
      ...times(60, (i) => () => f.open(undefined, `a${i}`)),
      ...times(40, (i) => () => f.open(f.legalUsers[i % 20], `l${i}`)),
    ].sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled(attempts.map((a) => a()));
    for (const r of results)
      if (r.status === "rejected") expect(isLicensingError(r.reason) && r.reason.code).toBe("SESSION_LIMIT_REACHED");
    const end = await counters(f.pool("cm").id);
    const legal = end.truth[f.legal.id] ?? 0;
    expect(end.total).toBe(10);
    expect(legal).toBeGreaterThanOrEqual(4);
    expect(legal).toBeLessThanOrEqual(5);
    expect(end.pool.sessionsHeld).toBe(10);
    expect(end.counted).toEqual(end.truth);
  });
});
