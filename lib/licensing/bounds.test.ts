import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { licenseView } from "@/lib/http/views";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { bounds } from "@/lib/validation/bounds";
import { activateDevice, refreshActivation } from "./activations";
import { createContract, updatePool } from "./contracts";
import { createProfile } from "./profiles";
import { heartbeatSession } from "./sessions/heartbeat";
import { openSession } from "./sessions/open";
import { createUser } from "./users";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

/** Every field of a pool at the top of its documented range (rule 22). */
const maxima = {
  capacity: bounds.capacity.max,
  minCapacity: bounds.minCapacity.max,
  maxCapacity: bounds.maxCapacity.max,
  overagePercent: bounds.overagePercent.max,
  activationsPerLicense: bounds.activationsPerLicense.max,
  extraActivations: bounds.extraActivations.max,
  apiConnectsPerLicense: bounds.apiConnectsPerLicense.max,
  extraApiConnects: bounds.extraApiConnects.max,
  heartbeatSeconds: bounds.heartbeatSeconds.max,
  leaseDays: bounds.leaseDays.max,
  warningThresholdPercent: bounds.warningThresholdPercent.max,
};

describe("rule 22: every number has a bound", () => {
  it("serves sessions, activations, API connects and the licence view with every field of a pool at its maximum", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "arch", model: "concurrent", ...maxima },
        { module: "cm", model: "named", capacity: 1 },
      ],
    });
    // The management API's PATCH …/pools/{module} takes the named pool to the same maxima.
    const patched = await updatePool(db, testOperator, f.contract.id, f.mod("cm"), maxima, VENDOR);
    expect(patched).toMatchObject({ capacity: 1_000_000, overagePercent: 1_000, extraApiConnects: 100_000_000 });
    const profile = await createProfile(db, testOperator, f.organization.id, { name: "All", modules: [f.mod("cm")] });
    await createUser(db, testOperator, f.organization.id, {
      username: "Ada",
      email: "ada@example.test",
      profileId: profile.id,
      credentials: "issued",
    });

    const integration = await openSession(db, f.key, {
      module: f.mod("arch"),
      clientType: "integration",
      deviceId: "erp",
      weight: bounds.weight.max,
    });
    expect(integration.heartbeatSeconds).toBe(86_400);
    await openSession(db, f.key, { module: f.mod("arch"), clientType: "api", deviceId: "api-1" });
    await openSession(db, f.key, { module: f.mod("cm"), clientType: "desktop", deviceId: "pc", username: "ada" });
    await heartbeatSession(db, f.key, integration.id);
    for (const moduleKey of [f.mod("arch"), f.mod("cm")]) {
      const { activation } = await activateDevice(db, f.key, {
        module: moduleKey,
        fingerprint: "phone-1",
        platform: "mobile",
      });
      const refreshed = await refreshActivation(db, f.key, activation.id);
      expect(refreshed.leaseExpiresAt.getTime()).toBeGreaterThan(Date.now() + 3_649 * 86_400_000);
    }

    const view = await licenseView(db, f.contract.id);
    const arch = view.pools.find((p) => p.module === f.mod("arch"))!;
    expect(arch).toMatchObject({
      capacity: 1_000_000,
      limit: 11_000_000,
      inUse: 10_001,
      activations: { limit: 1_001_000_000, inUse: 1 },
      apiConnects: { limit: 1_000_100_000_000, used: 1 },
    });
    expect(view.pools.find((p) => p.module === f.mod("cm"))).toMatchObject({ limit: 11_000_000, inUse: 1 });
  });

  it("refuses overagePercent 2147483647 and maxCapacity 2147483648 with the bound, changing nothing", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "arch", model: "concurrent", capacity: 3 }] });
    const overage = await refusalOf(
      updatePool(db, testOperator, f.contract.id, f.mod("arch"), { overagePercent: 2147483647 }, VENDOR),
    );
    expect(overage.code).toBe("VALUE_OUT_OF_RANGE");
    expect(overage.details).toMatchObject({ field: "overagePercent", min: 0, max: 1_000 });
    expect(overage.message).toContain("between 0 and 1,000%");
    const max = await refusalOf(
      updatePool(db, testOperator, f.contract.id, f.mod("arch"), { maxCapacity: 2147483648 }, VENDOR),
    );
    expect(max.details).toMatchObject({ field: "maxCapacity", min: 0, max: 1_000_000 });
    const [pool] = await db
      .select()
      .from(licensePools)
      .where(eq(licensePools.id, f.pool("arch").id));
    expect(pool).toMatchObject({ overagePercent: 0, maxCapacity: null });

    const created = await refusalOf(
      createContract(db, testOperator, {
        organizationId: f.organization.id,
        pools: [{ module: unique("x"), model: "concurrent", capacity: 1, leaseDays: 3_651 }],
      }),
    );
    expect(created).toMatchObject({
      code: "VALUE_OUT_OF_RANGE",
      details: { field: "pools.0.leaseDays", min: 1, max: 3_650 },
    });
  });
});
