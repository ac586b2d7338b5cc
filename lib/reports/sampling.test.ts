import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, usageSamples } from "@/db/schema";
import type { Database } from "@/db/client";
import { openSession } from "@/lib/licensing/sessions";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { recordUsageSample } from "./sampling";

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

  it("does not count sessions that missed their heartbeat", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 5 }] });
    const s = await openSession(db, org.key, { module: org.mod("cm"), clientType: "web", deviceId: "d" });
    await openSession(db, org.key, { module: org.mod("cm"), clientType: "web", deviceId: "e" });
    await db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.id, s.id));
    await recordUsageSample(db);
    const [row] = await db.select().from(usageSamples).where(and(eq(usageSamples.poolId, org.pool("cm").id)));
    expect(row!.peakInUse).toBe(1);
  });
});
