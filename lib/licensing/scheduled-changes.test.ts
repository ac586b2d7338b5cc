import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { applyDueScheduledChanges, cancelScheduledDecrease, scheduleCapacityDecrease } from "./contracts";
import { VENDOR } from "./input";

// Rule 4: a decrease scheduled for renewal can be changed or cancelled until it falls due, each
// step audited; a refused change leaves the schedule as it was.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const DAY = 86_400_000;

async function withSchedule(scheduled: number | null = null) {
  const endsAt = new Date(Date.now() + 30 * DAY);
  const f = await makeOrganization(db, {
    endsAt,
    pools: [{ module: "cm", model: "concurrent", capacity: 10, minCapacity: 3, maxCapacity: 20 }],
  });
  if (scheduled !== null)
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), scheduled, VENDOR);
  return f;
}

async function poolRow(id: string) {
  const [row] = await db.select().from(licensePools).where(eq(licensePools.id, id));
  return row!;
}

async function auditOf(poolId: string) {
  return db
    .select({ action: auditEvents.action, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, "license_pool"), eq(auditEvents.targetId, poolId)))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
}

describe("changing a scheduled decrease", () => {
  it("replaces the scheduled capacity and audits the change with the old and new values", async () => {
    const f = await withSchedule(6);
    const pool = await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 4, VENDOR);
    expect(pool).toMatchObject({ capacity: 10, scheduledCapacity: 4 });
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ capacity: 10, scheduledCapacity: 4 });
    const events = await auditOf(f.pool("cm").id);
    expect(events.map((e) => e.action)).toEqual(["pool.scheduleDecrease", "pool.scheduledDecreaseChanged"]);
    expect(events[1]!.before).toMatchObject({ scheduledCapacity: 6 });
    expect(events[1]!.after).toMatchObject({ scheduledCapacity: 4 });
  });

  it("refuses a change outside the bounds or not below today's capacity, keeping the schedule", async () => {
    const f = await withSchedule(6);
    const below = await refusalOf(scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 2, VENDOR));
    expect(below.code).toBe("CAPACITY_OUT_OF_BOUNDS");
    const same = await refusalOf(scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 10, VENDOR));
    expect(same.code).toBe("INVALID");
    expect(same.message).toContain("below the current capacity of 10");
    const fraction = await refusalOf(
      scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 4.5, VENDOR),
    );
    expect(fraction.code).toBe("INVALID");
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ capacity: 10, scheduledCapacity: 6 });
    expect((await auditOf(f.pool("cm").id)).map((e) => e.action)).toEqual(["pool.scheduleDecrease"]);
  });

  it("applies the changed capacity when it falls due", async () => {
    const f = await withSchedule(8);
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cm"), 5, VENDOR);
    const { applied } = await applyDueScheduledChanges(db, new Date(Date.now() + 31 * DAY));
    expect(applied).toContain(f.pool("cm").id);
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ capacity: 5, scheduledCapacity: null });
  });
});

describe("cancelling a scheduled decrease", () => {
  it("clears the schedule, audits it, and the capacity stays when the date passes", async () => {
    const f = await withSchedule(5);
    const pool = await cancelScheduledDecrease(db, testOperator, f.contract.id, f.mod("cm"), f.scope);
    expect(pool).toMatchObject({ capacity: 10, scheduledCapacity: null, scheduledCapacityAt: null });
    const events = await auditOf(f.pool("cm").id);
    expect(events.map((e) => e.action)).toEqual(["pool.scheduleDecrease", "pool.scheduledDecreaseCancelled"]);
    expect(events[1]!.before).toMatchObject({ scheduledCapacity: 5 });
    const { applied } = await applyDueScheduledChanges(db, new Date(Date.now() + 31 * DAY));
    expect(applied).not.toContain(f.pool("cm").id);
    expect(await poolRow(f.pool("cm").id)).toMatchObject({ capacity: 10, scheduledCapacity: null });
  });

  it("answers not found when nothing is scheduled, and for another organization's pool", async () => {
    const f = await withSchedule();
    const none = await refusalOf(cancelScheduledDecrease(db, testOperator, f.contract.id, f.mod("cm"), VENDOR));
    expect(none.code).toBe("NOT_FOUND");
    expect(none.message).toContain("no scheduled decrease");
    const other = await withSchedule(5);
    const foreign = await refusalOf(
      cancelScheduledDecrease(db, testOperator, other.contract.id, other.mod("cm"), f.scope),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await poolRow(other.pool("cm").id)).toMatchObject({ scheduledCapacity: 5 });
    expect(await auditOf(f.pool("cm").id)).toEqual([]);
  });
});
