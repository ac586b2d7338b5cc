import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceActivations, licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { activateDevice } from "./activations";
import { updatePool } from "./contracts";
import { isLicensingError } from "./errors";
import { createProfile } from "./profiles";
import { closeSession } from "./sessions/close";
import { openSession } from "./sessions/open";
import { createUser } from "./users";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

// SPEC rule 15: however many requests race, no pool passes its limit and no seat is lost.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

/** Runs every attempt at once; counts successes and checks every failure is a refusal of `code`. */
async function race<T>(attempts: (() => Promise<T>)[], code: string) {
  const results = await Promise.allSettled(attempts.map((a) => a()));
  for (const r of results)
    if (r.status === "rejected") expect(isLicensingError(r.reason) ? r.reason.code : String(r.reason)).toBe(code);
  return results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<T>).value);
}

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe("exactness under concurrency", () => {
  it("lets exactly 10 of 1,000 racing session opens through on a pool of 10", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 10 }] });
    const ok = await race(
      times(
        1000,
        (i) => () => openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `d${i}` }),
      ),
      "SESSION_LIMIT_REACHED",
    );
    expect(ok).toHaveLength(10);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(10);
  });

  it("keeps the counter equal to the truth from rows through open/close churn", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 5 }] });
    const pool = f.pool("cc");
    const worker = async (w: number) => {
      for (let i = 0; i < 15; i++) {
        try {
          const s = await openSession(db, f.key, { module: f.mod("cc"), clientType: "web", deviceId: `w${w}-${i}` });
          if (i % 3 !== 0) await Promise.all([closeSession(db, f.key, s.id), closeSession(db, f.key, s.id)]);
        } catch (e) {
          expect(isLicensingError(e) && e.code).toBe("SESSION_LIMIT_REACHED");
        }
      }
    };
    await Promise.all(times(12, worker));
    const [counter] = await db
      .select({ held: licensePools.sessionsHeld })
      .from(licensePools)
      .where(eq(licensePools.id, pool.id));
    const [truth] = await db
      .select({ held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int` })
      .from(sessions)
      .where(and(eq(sessions.poolId, pool.id), isNull(sessions.endedAt)));
    expect(counter!.held).toBe(Number(truth!.held));
    expect(counter!.held).toBeLessThanOrEqual(5);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(counter!.held);
  });

  it("lets exactly 4 of 100 racing activations through on a limit of 4", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "mob", model: "concurrent", capacity: 4, activationsPerLicense: 1 }],
    });
    const ok = await race(
      times(
        100,
        (i) => () => activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: `fp${i}`, platform: "mobile" }),
      ),
      "DEVICE_LIMIT_REACHED",
    );
    expect(ok).toHaveLength(4);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.activations.inUse).toBe(4);
  });

  it("collapses 30 racing activations of one fingerprint into one row", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "mob", model: "concurrent", capacity: 2, activationsPerLicense: 1 }],
    });
    const ok = await race(
      times(
        30,
        () => () => activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "one-device", platform: "mobile" }),
      ),
      "none",
    );
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(ok.map((r) => r.activation.id)).size).toBe(1);
    expect(
      await db
        .select()
        .from(deviceActivations)
        .where(eq(deviceActivations.poolId, f.pool("mob").id)),
    ).toHaveLength(1);
    const [pool] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, f.pool("mob").id));
    expect(pool!.activationsHeld).toBe(1);
  });

  it("lets exactly 7 of 60 racing API sessions through on a quota of 7", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "api", model: "concurrent", capacity: 100, extraApiConnects: 7 }],
    });
    const ok = await race(
      times(60, (i) => () => openSession(db, f.key, { module: f.mod("api"), clientType: "api", deviceId: `svc${i}` })),
      "API_QUOTA_EXHAUSTED",
    );
    expect(ok).toHaveLength(7);
    const [usage] = await poolUsages(db, { contractId: f.contract.id });
    expect(usage!.apiConnects.used).toBe(7);
    expect(usage!.inUse).toBe(7);
  });

  it("lets exactly 3 of 40 racing user creations take 3 named seats", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 3 }] });
    const profile = await createProfile(db, testOperator, f.organization.id, { name: "All", modules: [f.mod("cm")] });
    const ok = await race(
      times(
        40,
        (i) => () =>
          createUser(db, testOperator, f.organization.id, {
            username: `u${i}`,
            email: `u${i}@example.com`,
            profileId: profile.id,
            credentials: "issued",
          }),
      ),
      "INSUFFICIENT_LICENSES",
    );
    expect(ok).toHaveLength(3);
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse).toBe(3);
  });

  it("never leaves a pool over capacity when capacity decreases race with assignments", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", model: "named", capacity: 6, minCapacity: 1, maxCapacity: 10 }],
    });
    const profile = await createProfile(db, testOperator, f.organization.id, { name: "All", modules: [f.mod("cm")] });
    const create = (i: number) => () =>
      createUser(db, testOperator, f.organization.id, {
        username: unique(`r${i}`),
        email: `r${i}@example.com`,
        profileId: profile.id,
        credentials: "issued",
      });
    const shrink = (capacity: number) => () =>
      updatePool(db, testOperator, f.contract.id, f.mod("cm"), { capacity }, VENDOR);
    const results = await Promise.allSettled(
      [...times(8, create), shrink(3), shrink(2), ...times(4, (i) => create(i + 10))].map((a) => a()),
    );
    for (const r of results)
      if (r.status === "rejected") expect(["INSUFFICIENT_LICENSES", "CAPACITY_BELOW_USAGE"]).toContain(r.reason.code);
    const [usage] = await poolUsages(db, { contractId: f.contract.id });
    expect(usage!.inUse).toBeLessThanOrEqual(usage!.capacity);
    expect(usage!.isOverLimit).toBe(false);
  });
});
