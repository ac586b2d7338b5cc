import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { licensePools } from "@/db/schema";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { listContracts } from "./queries";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const yesterday = () => new Date(Date.now() - 86_400_000);

/** A contract without pools: nothing in the console or the APIs makes one, but the list must not depend on them. */
async function poolLessContract(endsAt?: Date) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }], endsAt });
  await db.delete(licensePools).where(eq(licensePools.contractId, f.contract.id));
  return f;
}

describe("the contract page's list", () => {
  it("shows a contract without pools past its end as expired", async () => {
    const f = await poolLessContract(yesterday());
    const [contract] = await listContracts(db, f.organization.id);
    expect(contract).toMatchObject({ id: f.contract.id, status: "expired", pools: [] });
  });

  it("shows a contract without pools in force as active", async () => {
    const f = await poolLessContract();
    const [contract] = await listContracts(db, f.organization.id);
    expect(contract).toMatchObject({ id: f.contract.id, status: "active", pools: [] });
  });

  it("shows a contract with pools past its end as expired, as its pools do", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", model: "concurrent", capacity: 2 }],
      endsAt: yesterday(),
    });
    const [contract] = await listContracts(db, f.organization.id);
    expect(contract!.status).toBe("expired");
    expect(contract!.pools.map((p) => p.contractStatus)).toEqual(["expired"]);
  });
});
