import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, usageDaily, usageSamples } from "@/db/schema";
import type { Database } from "@/db/client";
import { updateContract } from "@/lib/licensing/contracts";
import { createProfile } from "@/lib/licensing/profiles";
import { poolUsages } from "@/lib/licensing/usage";
import { openSession } from "@/lib/licensing/sessions/open";
import { createUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { recordUsageSample, rollUpDays } from "./sampling";
import { VENDOR } from "@/lib/licensing/input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const samplesOf = (poolId: string) => db.select().from(usageSamples).where(eq(usageSamples.poolId, poolId));

describe("usage sampling", () => {
  it("records every pool's live use into its minute bucket, folding repeated samples into peak and average", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    const pool = org.pool("cm");
    const open = () => openSession(db, org.key, { module: org.mod("cm"), clientType: "desktop", deviceId: "d" });
    await open();
    await open();
    await recordUsageSample(db);
    await open();
    await open();
    await recordUsageSample(db);

    const rows = await samplesOf(pool.id);
    // Two samples normally share one minute bucket; across a minute boundary they are two rows.
    const peak = Math.max(...rows.map((r) => r.peakInUse));
    expect(peak).toBe(4);
    expect(rows.every((r) => r.capacity === 5)).toBe(true);
    if (rows.length === 1) {
      expect(rows[0]!.samples).toBe(2);
      expect(rows[0]!.avgInUse).toBeCloseTo(3);
    }
  });

  it("keeps the day's roll-up as it goes, equal to rolling the day's minutes up afterwards", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 3 }] });
    const pool = org.pool("cm");
    const open = (d: string) => openSession(db, org.key, { module: org.mod("cm"), clientType: "desktop", deviceId: d });
    await open("a");
    await recordUsageSample(db);
    await open("b");
    await open("c");
    await recordUsageSample(db);
    await recordUsageSample(db);
    const dailyOf = () => db.select().from(usageDaily).where(eq(usageDaily.poolId, pool.id));
    const kept = await dailyOf();
    // Three samples (1, 3 and 3 in use) on one UTC day; a run across midnight splits them.
    expect(kept.reduce((n, d) => n + d.samples, 0)).toBe(3);
    expect(kept.reduce((n, d) => n + d.inUseSum, 0)).toBe(7);
    expect(Math.max(...kept.map((d) => d.peakInUse))).toBe(3);
    expect(kept.some((d) => d.atLimit)).toBe(true);
    expect(kept.every((d) => d.capacity === 3 && d.day.getTime() % 86_400_000 === 0)).toBe(true);
    // The minutes keep a running mean in a real (float4), so their sum is only that exact.
    const rounded = (rows: (typeof usageDaily.$inferSelect)[]) =>
      rows.map((d) => ({ ...d, inUseSum: Math.round(d.inUseSum * 1000) / 1000 }));
    await rollUpDays(db, org.organization.id);
    expect(rounded(await dailyOf())).toEqual(rounded(kept));
  });

  it("does not count sessions that missed their heartbeat", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    const s = await openSession(db, org.key, { module: org.mod("cm"), clientType: "web", deviceId: "d" });
    await openSession(db, org.key, { module: org.mod("cm"), clientType: "web", deviceId: "e" });
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, s.id));
    await recordUsageSample(db);
    const [row] = await db
      .select()
      .from(usageSamples)
      .where(and(eq(usageSamples.poolId, org.pool("cm").id)));
    expect(row!.peakInUse).toBe(1);
  });

  it("counts a named pool's seats under rule 1: only active users with credentials whose profile grants the module", async () => {
    const org = await makeOrganization(db, {
      pools: [
        { module: "cm", model: "named", capacity: 5 },
        { module: "doc", model: "named", capacity: 5 },
      ],
    });
    const both = await createProfile(db, testOperator, org.organization.id, {
      name: "Both",
      modules: [org.mod("cm"), org.mod("doc")],
    });
    const caseOnly = await createProfile(db, testOperator, org.organization.id, {
      name: "Case only",
      modules: [org.mod("cm")],
    });
    const user = (
      username: string,
      profileId: string,
      more: { credentials?: "issued" | "none"; status?: "active" | "inactive"; validTo?: string } = {},
    ) =>
      createUser(db, testOperator, org.organization.id, {
        username,
        email: `${username}@example.com`,
        profileId,
        credentials: "issued",
        ...more,
      });
    await user("a", both.id);
    await user("b", caseOnly.id);
    await user("c", caseOnly.id);
    await user("no-credentials", both.id, { credentials: "none" });
    await user("inactive", both.id, { status: "inactive" });
    await user("expired", both.id, { validTo: "2000-01-01" });

    await recordUsageSample(db);
    const [cm] = await samplesOf(org.pool("cm").id);
    const [doc] = await samplesOf(org.pool("doc").id);
    expect(cm).toMatchObject({ peakInUse: 3, capacity: 5 });
    expect(doc).toMatchObject({ peakInUse: 1, capacity: 5 });
  });

  it("counts named seats only while the contract is in force, so it agrees with the dashboard", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const profile = await createProfile(db, testOperator, org.organization.id, { name: "P", modules: [org.mod("cm")] });
    await createUser(db, testOperator, org.organization.id, {
      username: "holder",
      email: "holder@example.com",
      profileId: profile.id,
      credentials: "issued",
    });
    await updateContract(db, testOperator, org.contract.id, { status: "suspended" }, VENDOR);
    await recordUsageSample(db);
    const [sample] = await samplesOf(org.pool("cm").id);
    const [usage] = await poolUsages(db, { contractId: org.contract.id });
    expect(usage!.inUse).toBe(0);
    expect(sample).toMatchObject({ peakInUse: usage!.inUse });
  });

  it("samples every pool in one statement", async () => {
    await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 2 }] });
    const calls: string[] = [];
    // Every way of reaching the database is counted: one execute and nothing else.
    const counted = new Proxy(db, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (
          typeof value !== "function" ||
          !["execute", "select", "insert", "update", "delete", "transaction", "with"].includes(String(property))
        )
          return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const pools = await recordUsageSample(counted);
    expect(calls).toEqual(["execute"]);
    expect(pools).toBeGreaterThan(0);
  });
});
