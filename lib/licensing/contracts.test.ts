import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contracts, denials, licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { createOrganization, createPlan, upsertModule } from "./catalogue";
import {
  applyDueScheduledChanges,
  createContract,
  scheduleCapacityDecrease,
  updateContract,
  updatePool,
} from "./contracts";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("catalogue and contracts", () => {
  it("upserts a module: same name is no change, another name is a conflict", async () => {
    const key = unique("mod");
    expect((await upsertModule(db, testOperator, { key, name: "Reports" })).created).toBe(true);
    expect((await upsertModule(db, testOperator, { key, name: "Reports" })).created).toBe(false);
    expect((await refusalOf(upsertModule(db, testOperator, { key, name: "Other" }))).code).toBe("CONFLICT");
  });

  it("fills pools from a plan and keeps one contract in force per module", async () => {
    const key = unique("cm");
    await upsertModule(db, testOperator, { key, name: "Case Management" });
    const planName = unique("Small Business Basic");
    await createPlan(db, testOperator, {
      name: planName,
      modules: [{ module: key, model: "concurrent", includedCapacity: 3, maxCapacity: 35 }],
    });
    const org = await createOrganization(db, testOperator, { name: unique("Org") });
    expect(org.siteId).toMatch(/^SITE-/);
    const contract = await createContract(db, testOperator, { organizationId: org.id, plan: planName });
    expect(contract.pools[0]).toMatchObject({
      module: key,
      model: "concurrent",
      capacity: 3,
      minCapacity: 3,
      maxCapacity: 35,
    });
    const e = await refusalOf(createContract(db, testOperator, { organizationId: org.id, plan: planName }));
    expect(e.code).toBe("INVALID");
    expect(e.message).toContain("Case Management");
  });

  it("refuses contract dates beyond what the database holds, on create and on change, changing nothing", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity: 1 }] });
    for (const endsAt of ["9999-12-31", "9999-12-31T23:59:59Z", "1969-12-31"]) {
      const created = await refusalOf(
        createContract(db, testOperator, { organizationId: f.organization.id, endsAt, pools: [] }),
      );
      expect([endsAt, created.code, created.message]).toEqual([endsAt, "INVALID", expect.stringMatching(/9998-12-31/)]);
      const changed = await refusalOf(updateContract(db, testOperator, f.contract.id, { endsAt }, VENDOR));
      expect([endsAt, changed.code]).toEqual([endsAt, "INVALID"]);
    }
    const [after] = await db.select().from(contracts).where(eq(contracts.id, f.contract.id));
    expect(after!.endsAt).toEqual(f.contract.endsAt);
    expect(
      (await updateContract(db, testOperator, f.contract.id, { endsAt: "9998-12-31" }, VENDOR)).endsAt,
    ).toBeTruthy();
  });

  it("keeps capacity within bounds and says so with the bounds", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cc", model: "concurrent", capacity: 5, minCapacity: 3, maxCapacity: 35 }],
    });
    const e = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cc"), { capacity: 36 }, VENDOR));
    expect(e.code).toBe("CAPACITY_OUT_OF_BOUNDS");
    expect(e.details).toEqual({ min: 3, max: 35 });
    expect((await updatePool(db, testOperator, f.contract.id, f.mod("cc"), { capacity: 35 }, VENDOR)).capacity).toBe(
      35,
    );
  });

  it("refuses a capacity below current use, saying how many to free and who holds them", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cc", model: "concurrent", capacity: 5, minCapacity: 1 }],
    });
    for (let i = 0; i < 4; i++)
      await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `pc${i}` });
    const e = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cc"), { capacity: 2 }, VENDOR));
    expect(e.code).toBe("CAPACITY_BELOW_USAGE");
    expect(e.details).toMatchObject({ inUse: 4, mustFree: 2 });
    expect(e.details.holders).toHaveLength(4);
    expect(
      (await db.select().from(denials).where(eq(denials.organizationId, f.organization.id))).map((d) => d.kind),
    ).toEqual(["capacity"]);
  });

  it("schedules a decrease for the renewal date, applies it when due, and refuses it with a denial when still short", async () => {
    const endsAt = new Date(Date.now() + 30 * 86_400_000);
    const f = await makeOrganization(db, {
      endsAt,
      pools: [
        { module: "a", model: "concurrent", capacity: 5, minCapacity: 1 },
        { module: "b", model: "concurrent", capacity: 5, minCapacity: 1 },
      ],
    });
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("a"), 2, VENDOR);
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("b"), 1, VENDOR);
    for (let i = 0; i < 3; i++)
      await openSession(db, f.key, { module: f.mod("b"), clientType: "desktop", deviceId: `pc${i}` });
    expect((await poolUsages(db, { contractId: f.contract.id })).map((p) => p.scheduledCapacity).sort()).toEqual([
      1, 2,
    ]);
    expect((await applyDueScheduledChanges(db, new Date())).applied).not.toContain(f.pool("a").id);
    const result = await applyDueScheduledChanges(db, new Date(endsAt.getTime() + 1000));
    expect(result.applied).toContain(f.pool("a").id);
    expect(result.refused.map((r) => r.poolId)).toContain(f.pool("b").id);
    const pools = await db.select().from(licensePools).where(eq(licensePools.contractId, f.contract.id));
    expect(pools.find((p) => p.id === f.pool("a").id)!.capacity).toBe(2);
    expect(pools.find((p) => p.id === f.pool("b").id)!).toMatchObject({ capacity: 5, scheduledCapacity: null });
    expect(
      (
        await db
          .select()
          .from(denials)
          .where(eq(denials.poolId, f.pool("b").id))
      ).map((d) => d.code),
    ).toEqual(["CAPACITY_BELOW_USAGE"]);
  });

  it("reports usage from rows with state, limit and availability", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cc", model: "concurrent", capacity: 10, overagePercent: 10, warningThresholdPercent: 80 }],
    });
    for (let i = 0; i < 8; i++)
      await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `pc${i}` });
    const [u] = await poolUsages(db, { organizationId: f.organization.id });
    expect(u).toMatchObject({
      capacity: 10,
      limit: 11,
      inUse: 8,
      available: 3,
      isOverLimit: false,
      state: "warning",
      contractStatus: "active",
    });
    expect(u!.apiConnects.period).toMatch(/^\d{4}-\d{2}$/);
  });
});
