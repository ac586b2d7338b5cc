import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { activateDevice } from "./activations";
import { applyDueScheduledChanges, scheduleCapacityDecrease, updateContract, updatePool } from "./contracts";
import { createProfile } from "./profiles";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { createUser } from "./users";
import { VENDOR } from "./input";

// SPEC rule 19: a decrease never puts any holding above its new limit, whatever the contract's status.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function withDevices(n: number, pool: Record<string, number> = {}) {
  const f = await makeOrganization(db, {
    endsAt: new Date(Date.now() + 30 * 86_400_000),
    pools: [{ module: "cc", model: "concurrent", capacity: 4, minCapacity: 0, activationsPerLicense: 1, ...pool }],
  });
  for (let i = 0; i < n; i++)
    await activateDevice(db, f.key, { module: f.mod("cc"), fingerprint: `phone-${i}`, platform: "mobile" });
  return f;
}

const usage = async (contractId: string) => (await poolUsages(db, { contractId }))[0]!;

describe("capacity never below any holding (rule 19)", () => {
  it("refuses cutting a pool from 4 to 1 while 4 devices are active, naming the devices", async () => {
    const f = await withDevices(4);
    const e = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cc"), { capacity: 1 }, VENDOR));
    expect(e.code).toBe("CAPACITY_BELOW_USAGE");
    expect(e.message).toContain("4 device activations in use, the new limit is 1: free 3");
    expect(e.details).toMatchObject({ inUse: 4, mustFree: 3, holdings: [{ kind: "activations", held: 4, limit: 1 }] });
    expect((e.details.holders as { label: string }[]).map((h) => h.label).sort()).toEqual([
      "phone-0",
      "phone-1",
      "phone-2",
      "phone-3",
    ]);
    expect((await usage(f.contract.id)).activations).toEqual({ limit: 4, inUse: 4 });
  });

  it("refuses lowering activations per licence or extra activations below the live devices", async () => {
    const f = await withDevices(5, { extraActivations: 1 });
    const lower = (patch: Record<string, number>) =>
      refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cc"), patch, VENDOR));
    expect((await lower({ extraActivations: 0 })).code).toBe("CAPACITY_BELOW_USAGE");
    expect((await lower({ activationsPerLicense: 0 })).code).toBe("CAPACITY_BELOW_USAGE");
    // Raising one while lowering the other is fine when the total still holds them.
    await updatePool(
      db,
      testOperator,
      f.contract.id,
      f.mod("cc"),
      { activationsPerLicense: 2, extraActivations: 0 },
      VENDOR,
    );
    expect((await usage(f.contract.id)).activations).toEqual({ limit: 8, inUse: 5 });
  });

  it("refuses lowering the API connects below this month's used connects", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "api", model: "concurrent", capacity: 4, apiConnectsPerLicense: 1, extraApiConnects: 0 }],
    });
    for (let i = 0; i < 3; i++)
      await openSession(db, f.key, { module: f.mod("api"), clientType: "api", deviceId: `svc-${i}` });
    const e = await refusalOf(
      updatePool(
        db,
        testOperator,
        f.contract.id,
        f.mod("api"),
        { apiConnectsPerLicense: 0, extraApiConnects: 2 },
        VENDOR,
      ),
    );
    expect(e.details).toMatchObject({ holdings: [{ kind: "apiConnects", held: 3, limit: 2, mustFree: 1 }] });
  });

  it("refuses lowering the overage below the sessions in use", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cc", model: "concurrent", capacity: 2, overagePercent: 100 }],
    });
    for (let i = 0; i < 4; i++)
      await openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `pc-${i}` });
    const e = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cc"), { overagePercent: 50 }, VENDOR));
    expect(e.details).toMatchObject({ holdings: [{ kind: "sessions", held: 4, limit: 3 }] });
  });

  it("refuses a cut while the contract is suspended, so resuming never reads '4 of 1'", async () => {
    const devices = await withDevices(4);
    const named = await makeOrganization(db, {
      pools: [{ module: "nm", model: "named", capacity: 3, minCapacity: 0 }],
    });
    const profile = await createProfile(db, testOperator, named.organization.id, {
      name: "P",
      modules: [named.mod("nm")],
    });
    for (const username of ["ann", "bob", "cy"])
      await createUser(db, testOperator, named.organization.id, {
        username,
        email: `${username}@example.com`,
        profileId: profile.id,
        credentials: "issued",
      });
    for (const f of [devices, named])
      await updateContract(db, testOperator, f.contract.id, { status: "suspended" }, VENDOR);
    expect(
      (await refusalOf(updatePool(db, testOperator, devices.contract.id, devices.mod("cc"), { capacity: 1 }, VENDOR)))
        .code,
    ).toBe("CAPACITY_BELOW_USAGE");
    const seats = await refusalOf(
      updatePool(db, testOperator, named.contract.id, named.mod("nm"), { capacity: 1 }, VENDOR),
    );
    expect(seats.details).toMatchObject({ holdings: [{ kind: "seats", held: 3, limit: 1 }] });
    await updateContract(db, testOperator, named.contract.id, { status: "active" }, VENDOR);
    expect(await usage(named.contract.id)).toMatchObject({ capacity: 3, inUse: 3, isOverLimit: false });
  });

  it("refuses a scheduled decrease when it falls due below the live devices", async () => {
    const f = await withDevices(3);
    await scheduleCapacityDecrease(db, testOperator, f.contract.id, f.mod("cc"), 1, VENDOR);
    const { refused } = await applyDueScheduledChanges(db, new Date(Date.now() + 31 * 86_400_000));
    const mine = refused.find((r) => r.poolId === f.pool("cc").id);
    expect(mine?.error.code).toBe("CAPACITY_BELOW_USAGE");
    expect((await usage(f.contract.id)).capacity).toBe(4);
  });
});
