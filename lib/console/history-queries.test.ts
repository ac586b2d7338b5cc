import { beforeAll, describe, expect, it } from "vitest";
import { denials, usageSamples } from "@/db/schema";
import type { Database } from "@/db/client";
import { rightSizing } from "@/lib/reports/right-sizing";
import { rollUpDays } from "@/lib/reports/sampling";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { bucketsOf, usageHistory } from "./history-queries";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

// A fixed "now", so buckets are known; samples are written directly as the sampler would, and
// rolled up into days from them.
const now = new Date("2030-06-15T12:34:56Z");
const at = (iso: string) => new Date(iso);

async function poolWithSamples(
  capacity: number,
  samples: { bucket: string; peak: number; avg: number; samples?: number; capacity?: number }[],
  more: { minCapacity?: number; warningThresholdPercent?: number; startsAt?: Date } = {},
) {
  const { startsAt, ...bounds } = more;
  const f = await makeOrganization(db, {
    startsAt,
    pools: [{ module: "cm", model: "concurrent", capacity, ...bounds }],
  });
  const pool = f.pool("cm");
  if (samples.length > 0) {
    await db.insert(usageSamples).values(
      samples.map((s) => ({
        organizationId: f.organization.id,
        poolId: pool.id,
        bucket: at(s.bucket),
        capacity: s.capacity ?? capacity,
        peakInUse: s.peak,
        avgInUse: s.avg,
        samples: s.samples ?? 4,
      })),
    );
    await rollUpDays(db, f.organization.id);
  }
  return { f, pool };
}

describe("usage history buckets", () => {
  it("has 144 ten-minute buckets over 24 h, 30 days and 12 months, the current one last", () => {
    const day = bucketsOf("24h", now);
    expect(day).toHaveLength(144);
    expect(day.at(-1)!.toISOString()).toBe("2030-06-15T12:30:00.000Z");
    const month = bucketsOf("30d", now);
    expect(month).toHaveLength(30);
    expect(month[0]!.toISOString()).toBe("2030-05-17T00:00:00.000Z");
    const year = bucketsOf("12mo", now);
    expect(year).toHaveLength(12);
    expect(year[0]!.toISOString()).toBe("2029-07-01T00:00:00.000Z");
  });
});

describe("usage history aggregation", () => {
  it("gives each day the peak of its minutes and their average weighted by samples", async () => {
    const { f } = await poolWithSamples(10, [
      { bucket: "2030-06-14T09:00:00Z", peak: 4, avg: 2, samples: 4 },
      { bucket: "2030-06-14T09:01:00Z", peak: 8, avg: 6, samples: 2 },
      { bucket: "2030-06-15T08:00:00Z", peak: 5, avg: 5, samples: 4 },
      // Older than the range: left out.
      { bucket: "2030-05-01T08:00:00Z", peak: 10, avg: 10 },
    ]);
    const history = await usageHistory(db, f.organization.id, "30d", now);
    const [pool] = history.pools;
    const byDay = new Map(pool!.points.map((p) => [p.t.slice(0, 10), p]));
    // (2×4 + 6×2) / 6 = 3.33…
    expect(byDay.get("2030-06-14")).toMatchObject({ peak: 8, avg: 3.3, capacity: 10 });
    expect(byDay.get("2030-06-15")).toMatchObject({ peak: 5, avg: 5 });
    expect(byDay.get("2030-06-13")).toMatchObject({ peak: null, avg: null, capacity: null });
    // Lowered to 9, a peak of 8 stays below the 90% warning: one licence can go.
    expect(pool!.summary).toMatchObject({
      peak: 8,
      neverUsed: 2,
      daysAtLimit: 0,
      lowerTo: 9,
      verdict: "over-provisioned",
    });
    expect(pool!.summary.sentence).toBe("Peak 8 of 10 in the last 30 days — 2 licences were never used.");
  });

  it("groups a year by calendar month and the last day by 10 minutes", async () => {
    const { f } = await poolWithSamples(5, [
      { bucket: "2029-08-03T10:00:00Z", peak: 2, avg: 1 },
      { bucket: "2029-08-28T10:00:00Z", peak: 3, avg: 3 },
      { bucket: "2030-06-15T12:21:00Z", peak: 4, avg: 4 },
      { bucket: "2030-06-15T12:29:00Z", peak: 1, avg: 2 },
    ]);
    const year = (await usageHistory(db, f.organization.id, "12mo", now)).pools[0]!;
    expect(year.points.find((p) => p.t.startsWith("2029-08"))).toMatchObject({ peak: 3, avg: 2 });
    expect(year.points.filter((p) => p.peak !== null)).toHaveLength(2);
    const day = (await usageHistory(db, f.organization.id, "24h", now)).pools[0]!;
    expect(day.points.find((p) => p.t === "2030-06-15T12:20:00.000Z")).toMatchObject({ peak: 4, avg: 3 });
  });

  it("counts the days at the limit and advises more licences", async () => {
    const { f } = await poolWithSamples(3, [
      { bucket: "2030-06-10T09:00:00Z", peak: 3, avg: 2 },
      { bucket: "2030-06-10T10:00:00Z", peak: 3, avg: 3 },
      { bucket: "2030-06-12T09:00:00Z", peak: 3, avg: 1 },
      { bucket: "2030-06-13T09:00:00Z", peak: 2, avg: 1 },
    ]);
    const [pool] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    expect(pool!.summary).toMatchObject({ peak: 3, daysAtLimit: 2, verdict: "at-limit" });
    expect(pool!.summary.sentence).toBe(
      "Peak 3 of 3 in the last 30 days — at the limit on 2 days: consider more licences.",
    );
  });

  it("puts the pool's denials in their buckets", async () => {
    const { f, pool } = await poolWithSamples(3, [{ bucket: "2030-06-14T09:00:00Z", peak: 3, avg: 3 }]);
    const denial = {
      organizationId: f.organization.id,
      poolId: pool.id,
      kind: "session" as const,
      code: "SESSION_LIMIT_REACHED",
      message: "full",
      actor: "test",
    };
    await db.insert(denials).values([
      { ...denial, createdAt: at("2030-06-14T09:00:10Z") },
      { ...denial, createdAt: at("2030-06-14T17:00:00Z") },
      { ...denial, createdAt: at("2030-06-15T01:00:00Z") },
    ]);
    const [history] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    const byDay = new Map(history!.points.map((p) => [p.t.slice(0, 10), p.denials]));
    expect(byDay.get("2030-06-14")).toBe(2);
    expect(byDay.get("2030-06-15")).toBe(1);
  });

  it("says so when nothing was recorded", async () => {
    const { f } = await poolWithSamples(3, []);
    const [pool] = (await usageHistory(db, f.organization.id, "24h", now)).pools;
    expect(pool!.summary).toMatchObject({ verdict: "no-data", sentence: "No usage recorded in the last 24 hours." });
  });
});

describe("right-sizing advice", () => {
  it("never advises below the pool's minimum", async () => {
    const { f } = await poolWithSamples(10, [{ bucket: "2030-06-14T09:00:00Z", peak: 0, avg: 0 }], { minCapacity: 5 });
    const [pool] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    expect(pool!.summary).toMatchObject({ neverUsed: 10, lowerTo: 5, verdict: "over-provisioned" });

    const { f: atMinimum } = await poolWithSamples(5, [{ bucket: "2030-06-14T09:00:00Z", peak: 1, avg: 1 }], {
      minCapacity: 5,
    });
    const [floor] = (await usageHistory(db, atMinimum.organization.id, "30d", now)).pools;
    expect(floor!.summary).toMatchObject({ lowerTo: null, verdict: "fits" });
    expect(floor!.summary.sentence).toBe("Peak 1 of 5 in the last 30 days — the pool is at its minimum of 5.");
  });

  it("calls nothing spare on a contract younger than the range", async () => {
    const { f } = await poolWithSamples(10, [{ bucket: "2030-06-15T12:00:00Z", peak: 0, avg: 0 }], {
      startsAt: at("2030-06-15T12:00:00Z"),
    });
    const [pool] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    expect(pool!.summary).toMatchObject({ lowerTo: null, verdict: "too-new" });
    expect(pool!.summary.sentence).toBe(
      "Peak 0 of 10 in the last 30 days — the contract is younger than 30 days, too early to call any licence spare.",
    );
  });

  it("never advises lowering a pool that refused acquisitions in the range", async () => {
    const { f, pool } = await poolWithSamples(10, [{ bucket: "2030-06-14T09:00:00Z", peak: 4, avg: 2 }]);
    await db.insert(denials).values({
      organizationId: f.organization.id,
      poolId: pool.id,
      kind: "activation",
      code: "DEVICE_LIMIT_REACHED",
      message: "devices full",
      actor: "test",
      createdAt: at("2030-06-14T10:00:00Z"),
    });
    const [history] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    expect(history!.summary).toMatchObject({ lowerTo: null, verdict: "at-limit" });
    expect(history!.summary.sentence).toBe(
      "Peak 4 of 10 in the last 30 days — 1 acquisition was refused: consider more licences.",
    );
  });

  it("never lowers a pool into its warning state: the advice and the dashboard share one state model", async () => {
    // 9 of 10 is "Near limit" at a 90% threshold; no lower capacity keeps a peak of 9 normal.
    const { f } = await poolWithSamples(10, [{ bucket: "2030-06-14T09:00:00Z", peak: 9, avg: 9 }]);
    const [pool] = (await usageHistory(db, f.organization.id, "30d", now)).pools;
    expect(pool!.summary).toMatchObject({ neverUsed: 1, lowerTo: null, verdict: "fits" });
    expect(pool!.summary.sentence).toBe(
      "Peak 9 of 10 in the last 30 days — fewer licences would put it at its 90% warning.",
    );
  });
});

describe("right-sizing in words", () => {
  const pool = { capacity: 5, minCapacity: 0, warningThresholdPercent: 90, contractStartsAt: new Date(0) };
  const evidence = { daysAtLimit: 0, denials: 0, from: new Date("2030-01-01T00:00:00Z") };
  it("speaks of one day and one refusal in the singular", () => {
    expect(rightSizing("12mo", pool, [{ peak: 5, avg: 4 }], { ...evidence, daysAtLimit: 1 }).sentence).toBe(
      "Peak 5 of 5 in the last 12 months — at the limit on 1 day: consider more licences.",
    );
    expect(rightSizing("12mo", pool, [{ peak: 3, avg: 2 }], { ...evidence, denials: 1 }).sentence).toBe(
      "Peak 3 of 5 in the last 12 months — 1 acquisition was refused: consider more licences.",
    );
  });
});
