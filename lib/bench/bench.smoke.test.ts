import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { poolUsages } from "@/lib/licensing/usage";
import { testDb } from "@/lib/testing/db";
import { seedScaleOrganization } from "./seed";
import { percentile, timeRepeated } from "./stats";

// Keeps `npm run bench` from rotting: the seeder at a tiny scale and one tiny measurement.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("bench smoke", () => {
  it("seeds a consistent organization with set-based statements", async () => {
    const org = await seedScaleOrganization(db, { users: 60, profiles: 6, liveSessions: 12, activations: 20, sampleMinutes: 90 });
    const pools = await poolUsages(db, { organizationId: org.organizationId });
    const byModule = new Map(pools.map((p) => [p.module, p]));
    expect(pools).toHaveLength(5);
    expect(byModule.get("bench-desktop")?.inUse).toBe(12);
    expect(byModule.get("bench-mobile")?.activations.inUse).toBe(20);
    // Rule 1 counts some but not all users: inactive, credential-less and expired ones hold nothing.
    const cases = byModule.get("bench-cases")!;
    expect(cases.inUse).toBeGreaterThan(0);
    expect(cases.inUse).toBeLessThan(60);
    expect(pools.every((p) => !p.isOverLimit)).toBe(true);
  });

  it("times a query and reports its median and p95", async () => {
    const timing = await timeRepeated(() => poolUsages(db, {}), 3, 1);
    expect(timing.runs).toBe(3);
    expect(timing.p95).toBeGreaterThanOrEqual(timing.median);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
  });
});
