import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contracts, licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { organizationUsageView } from "@/lib/http/views";
import { createOrganization, createPlan, upsertModule } from "./catalogue";
import { createContract, updateContract, updatePool } from "./contracts";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("prices per licence and a currency per contract", () => {
  it("takes a plan's list prices into a contract in the plan's currency", async () => {
    const key = unique("cm");
    await upsertModule(db, testOperator, { key, name: "Case Management" });
    const planName = unique("Priced plan");
    await createPlan(db, testOperator, {
      name: planName,
      currency: "nok",
      modules: [{ module: key, model: "named", includedCapacity: 3, maxCapacity: 35, pricePerLicense: 49_900 }],
    });
    const org = await createOrganization(db, testOperator, { name: unique("Org") });
    const contract = await createContract(db, testOperator, { organizationId: org.id, plan: planName });
    expect(contract.currency).toBe("NOK");
    expect(contract.pools[0]!.pricePerLicense).toBe(49_900);

    const [usage] = await poolUsages(db, { organizationId: org.id });
    expect(usage).toMatchObject({ currency: "NOK", pricePerLicense: 49_900, capacity: 3 });
    const view = await organizationUsageView(db, org.id);
    expect(view.contracts[0]).toMatchObject({ currency: "NOK", pools: [{ pricePerLicense: 49_900 }] });
  });

  it("never converts a list price: a contract in another currency takes no plan price", async () => {
    const key = unique("cm");
    await upsertModule(db, testOperator, { key, name: "Case Management" });
    const planName = unique("Priced plan");
    await createPlan(db, testOperator, {
      name: planName,
      currency: "NOK",
      modules: [{ module: key, model: "named", includedCapacity: 2, pricePerLicense: 10_000 }],
    });
    const org = await createOrganization(db, testOperator, { name: unique("Org") });
    const contract = await createContract(db, testOperator, {
      organizationId: org.id,
      plan: planName,
      currency: "EUR",
    });
    expect(contract.currency).toBe("EUR");
    expect(contract.pools[0]!.pricePerLicense).toBeNull();
  });

  it("refuses a price without a currency, an unknown currency and a fractional or negative price", async () => {
    const key = unique("cm");
    await upsertModule(db, testOperator, { key, name: "Reports" });
    const org = await createOrganization(db, testOperator, { name: unique("Org") });
    const pool = { module: key, model: "concurrent" as const, capacity: 2 };

    const noCurrency = await refusalOf(
      createContract(db, testOperator, { organizationId: org.id, pools: [{ ...pool, pricePerLicense: 100 }] }),
    );
    expect(noCurrency.code).toBe("INVALID");
    expect(noCurrency.message).toContain("currency");

    const badCurrency = await refusalOf(
      createContract(db, testOperator, { organizationId: org.id, currency: "EURO", pools: [pool] }),
    );
    expect(badCurrency.code).toBe("INVALID");
    expect(badCurrency.message).toContain("ISO 4217");

    const fraction = await refusalOf(
      createContract(db, testOperator, {
        organizationId: org.id,
        currency: "EUR",
        pools: [{ ...pool, pricePerLicense: 49.9 }],
      }),
    );
    expect(fraction.message).toContain("whole number");
    const negative = await refusalOf(
      createContract(db, testOperator, {
        organizationId: org.id,
        currency: "EUR",
        pools: [{ ...pool, pricePerLicense: -1 }],
      }),
    );
    expect(negative.code).toBe("VALUE_OUT_OF_RANGE");

    const planRefusal = await refusalOf(
      createPlan(db, testOperator, {
        name: unique("No currency"),
        modules: [{ module: key, model: "named", includedCapacity: 1, pricePerLicense: 100 }],
      }),
    );
    expect(planRefusal.message).toContain("currency");
    // Nothing was written by any refusal.
    expect(await db.select().from(contracts).where(eq(contracts.organizationId, org.id))).toEqual([]);
  });

  it("changes a pool's price through the engine, and keeps a currency while prices use it", async () => {
    const f = await makeOrganization(db, {
      currency: "EUR",
      pools: [{ module: "cc", model: "concurrent", capacity: 4, pricePerLicense: 2_500 }],
    });
    const changed = await updatePool(db, testOperator, f.contract.id, f.mod("cc"), { pricePerLicense: 3_000 }, VENDOR);
    expect(changed.pricePerLicense).toBe(3_000);

    const keep = await refusalOf(updateContract(db, testOperator, f.contract.id, { currency: null }, VENDOR));
    expect(keep.code).toBe("INVALID");
    expect(keep.message).toContain("prices");

    await updatePool(db, testOperator, f.contract.id, f.mod("cc"), { pricePerLicense: null }, VENDOR);
    expect((await updateContract(db, testOperator, f.contract.id, { currency: null }, VENDOR)).currency).toBeNull();
    const unpriced = await refusalOf(
      updatePool(db, testOperator, f.contract.id, f.mod("cc"), { pricePerLicense: 100 }, VENDOR),
    );
    expect(unpriced.message).toContain("currency");
    const [row] = await db.select().from(licensePools).where(eq(licensePools.contractId, f.contract.id));
    expect(row!.pricePerLicense).toBeNull();
  });
});
