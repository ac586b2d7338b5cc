import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools, usageDaily, usageSamples } from "@/db/schema";
import type { Database } from "@/db/client";
import { closeSession } from "@/lib/licensing/sessions/close";
import { openSession } from "@/lib/licensing/sessions/open";
import { poolState } from "@/lib/licensing/pool-state";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { dashboardData, daysUntil } from "./dashboard-queries";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("pool state thresholds", () => {
  it("is normal below the warning threshold and warning at it", () => {
    expect(poolState(8, 10, 10, 90)).toBe("normal");
    expect(poolState(9, 10, 10, 90)).toBe("warning");
  });
  it("is full at the limit and over limit above it", () => {
    expect(poolState(10, 10, 10, 90)).toBe("full");
    expect(poolState(11, 10, 10, 90)).toBe("over");
  });
  it("measures the threshold against capacity and fullness against the limit with overage", () => {
    // Capacity 10 with 20 % overage: warning from 9, full only at 12.
    expect(poolState(10, 10, 12, 90)).toBe("warning");
    expect(poolState(12, 10, 12, 90)).toBe("full");
    expect(poolState(13, 10, 12, 90)).toBe("over");
  });
  it("calls an empty pool of capacity 0 normal and any use of it over limit", () => {
    expect(poolState(0, 0, 0, 90)).toBe("normal");
    expect(poolState(1, 0, 0, 90)).toBe("over");
  });
});

describe("days to contract end", () => {
  const now = new Date("2030-05-10T12:00:00Z");
  it("rounds up, says 0 once ended, null for perpetual", () => {
    expect(daysUntil(new Date("2030-05-11T12:00:00Z"), now)).toBe(1);
    expect(daysUntil(new Date("2030-05-10T18:00:00Z"), now)).toBe(1);
    expect(daysUntil(new Date("2030-05-01T00:00:00Z"), now)).toBe(0);
    expect(daysUntil(null, now)).toBeNull();
  });
});

describe("dashboard data", () => {
  it("shows what a concurrent pool holds, live sessions, today's peak, denials of 24 h and the contract", async () => {
    const endsAt = new Date(Date.now() + 10 * 86_400_000 - 60_000);
    const f = await makeOrganization(db, {
      endsAt,
      pools: [{ module: "cm", model: "concurrent", capacity: 3, apiConnectsPerLicense: 10 }],
    });
    const open = (i: number) =>
      openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: `d${i}` });
    await open(1);
    await open(2);
    // An earlier sample of today peaked higher than now.
    await db.insert(usageDaily).values({
      organizationId: f.organization.id,
      poolId: f.pool("cm").id,
      day: new Date(new Date().setUTCHours(0, 0, 0, 0)),
      capacity: 3,
      peakInUse: 3,
      inUseSum: 3,
      samples: 1,
      atLimit: true,
    });
    await open(3);
    await refusalOf(open(4));

    const data = await dashboardData(db, f.organization.id);
    expect(data.pools).toHaveLength(1);
    const [pool] = data.pools;
    expect(pool).toMatchObject({
      inUse: 3,
      limit: 3,
      state: "full",
      liveSessions: 3,
      todayPeak: 3,
      denials24h: 1,
      apiConnects: { limit: 30, used: 0 },
      contract: { status: "active", daysToEnd: 10, plan: null },
    });
    expect(data.alerts).toEqual([
      expect.objectContaining({ poolId: f.pool("cm").id, state: "full", model: "concurrent", inUse: 3, limit: 3 }),
    ]);
  });

  it("takes today's peak from the current value when no sample has caught up yet", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 10 }] });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "integration", deviceId: "erp", weight: 4 });
    const [pool] = (await dashboardData(db, f.organization.id)).pools;
    expect(pool).toMatchObject({
      inUse: 4,
      todayPeak: 4,
      liveSessions: 1,
      state: "normal",
      contract: { daysToEnd: null },
    });
  });

  it("never lowers today's peak within the day, though no sample caught what was held", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    const open = (i: number) =>
      openSession(db, f.key, { module: f.mod("cm"), clientType: "web", deviceId: `browser-${i}` });
    const opened = [await open(1), await open(2), await open(3)];
    const peakNow = async () => (await dashboardData(db, f.organization.id)).pools[0]!.todayPeak;
    expect(await peakNow()).toBe(3);
    await closeSession(db, f.key, opened[1]!.id);
    await closeSession(db, f.key, opened[2]!.id);
    const [after] = (await dashboardData(db, f.organization.id)).pools;
    expect(after).toMatchObject({ inUse: 1, todayPeak: 3 });
    await open(4);
    expect(await peakNow()).toBe(3);
  });

  it("lists every pool over limit or at its threshold in the banner, worst first, and leaves normal pools out", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "a", model: "concurrent", capacity: 10 },
        { module: "b", model: "concurrent", capacity: 10 },
        { module: "c", model: "concurrent", capacity: 10, warningThresholdPercent: 50 },
      ],
    });
    const open = (m: string, weight: number) =>
      openSession(db, f.key, { module: f.mod(m), clientType: "integration", deviceId: m, weight });
    await open("a", 2);
    await open("b", 9);
    await open("c", 6);
    // The vendor lowered b's capacity below what is held (rule 5): it shows as over limit.
    await db
      .update(licensePools)
      .set({ capacity: 8 })
      .where(eq(licensePools.id, f.pool("b").id));

    const data = await dashboardData(db, f.organization.id);
    expect(data.alerts.map((a) => [a.poolId, a.state])).toEqual([
      [f.pool("b").id, "over"],
      [f.pool("c").id, "warning"],
    ]);
  });

  it("shows only pools of contracts in force", async () => {
    const f = await makeOrganization(db, {
      endsAt: new Date(Date.now() - 86_400_000),
      pools: [{ module: "cm", model: "concurrent", capacity: 3 }],
    });
    expect((await dashboardData(db, f.organization.id)).pools).toEqual([]);
  });

  it("traces each pool's last 24 hours in ten-minute peaks from the samples, with what is held now in the last", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "a", model: "concurrent", capacity: 10 },
        { module: "b", model: "concurrent", capacity: 4 },
      ],
    });
    const now = new Date("2030-05-10T12:34:00Z");
    const sample = (module: string, minutesAgo: number, peak: number) => ({
      organizationId: f.organization.id,
      poolId: f.pool(module).id,
      bucket: new Date(now.getTime() - minutesAgo * 60_000),
      capacity: 10,
      peakInUse: peak,
      avgInUse: peak,
    });
    await db.insert(usageSamples).values([
      // Two minutes of one ten-minute bucket: its peak is the higher.
      sample("a", 60, 7),
      sample("a", 61, 9),
      sample("a", 5, 2),
      // Older than 24 hours: not drawn.
      sample("a", 25 * 60, 10),
      sample("b", 30, 3),
    ]);
    await openSession(db, f.key, { module: f.mod("a"), clientType: "integration", deviceId: "erp", weight: 4 });

    const { pools } = await dashboardData(db, f.organization.id, now);
    const trace = (module: string) => pools.find((p) => p.poolId === f.pool(module).id)!.lastDay;
    // 144 buckets, the first 143 × 10 minutes before 12:30, the current bucket's start.
    expect(trace("a").from).toBe("2030-05-09T12:40:00.000Z");
    expect(trace("a").peaks).toHaveLength(144);
    const at = (module: string, iso: string) =>
      trace(module).peaks[(Date.parse(iso) - Date.parse(trace(module).from)) / 600_000];
    expect(at("a", "2030-05-10T11:30:00Z")).toBe(9);
    // 12:29 sampled 2, but 4 are held now and the current bucket says so.
    expect(at("a", "2030-05-10T12:20:00Z")).toBe(2);
    expect(trace("a").peaks.at(-1)).toBe(4);
    expect(trace("a").peaks.filter((p) => p !== null)).toEqual([9, 2, 4]);
    expect(at("b", "2030-05-10T12:00:00Z")).toBe(3);
    expect(trace("b").peaks.filter((p) => p !== null)).toEqual([3, 0]);
  });
});
