import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { contracts } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { createOrganization, upsertModule } from "./catalogue";
import { createContract } from "./contracts";
import { dayIn } from "./holdings/contract-days";
import type { ClientKey } from "./input";
import { createProfile } from "./profiles";
import { openSession } from "./sessions/open";
import { poolUsages } from "./usage";
import { createUser } from "./users";

// SPEC rule 20: dates are whole days in the organization's time zone.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const DAY = 86_400_000;
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);

async function orgIn(timeZone: string) {
  const organization = await createOrganization(db, testOperator, { name: unique("Org"), timeZone });
  const moduleKey = unique("cm").toLowerCase();
  await upsertModule(db, testOperator, { key: moduleKey, name: "Case Management" });
  const contract = (startsAt: string, endsAt: string | null, model: "named" | "concurrent" = "concurrent") =>
    createContract(db, testOperator, {
      organizationId: organization.id,
      startsAt,
      endsAt,
      pools: [{ module: moduleKey, model, capacity: 5 }],
    });
  const keyOf = (contractId: string): ClientKey => ({
    contractId,
    organizationId: organization.id,
    actor: {
      type: "token",
      id: randomUUID(),
      label: "key:test",
      kind: "contract_api_key",
      contractId,
      organizationId: organization.id,
    },
  });
  const today = dayIn(new Date(), timeZone);
  return { organization, module: moduleKey, contract, keyOf, today };
}

describe("dates are whole days in the organization's time zone (rule 20)", () => {
  it("refuses an organization time zone that is not an IANA name", async () => {
    const e = await refusalOf(createOrganization(db, testOperator, { name: unique("Org"), timeZone: "Mars/Olympus" }));
    expect(e.code).toBe("INVALID");
    expect(e.message).toContain("time zone");
  });

  for (const zone of ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
    it(`keeps a contract ending today in force through the end of today in ${zone}`, async () => {
      const o = await orgIn(zone);
      const c = await o.contract(dayAfter(o.today, -30), o.today);
      const [row] = await db.select().from(contracts).where(eq(contracts.id, c.id));
      expect(dayIn(row!.endsAt!, zone)).toBe(dayAfter(o.today, 1));
      expect(dayIn(new Date(row!.endsAt!.getTime() - 1), zone)).toBe(o.today);
      await openSession(db, o.keyOf(c.id), { module: o.module, clientType: "desktop", deviceId: "pc" });
      expect((await poolUsages(db, { contractId: c.id }))[0]).toMatchObject({ contractStatus: "active", inUse: 1 });
    });
  }

  it("refuses acquisitions before a contract starts, saying when it starts", async () => {
    const o = await orgIn("Europe/Oslo");
    const starts = dayAfter(o.today, 30);
    const c = await o.contract(starts, null);
    const e = await refusalOf(
      openSession(db, o.keyOf(c.id), { module: o.module, clientType: "desktop", deviceId: "pc" }),
    );
    expect(e.code).toBe("CONTRACT_INACTIVE");
    expect(e.message).toBe(`This contract starts on ${starts}.`);
    expect((await poolUsages(db, { contractId: c.id }))[0]!.contractStatus).toBe("upcoming");
  });

  it("lets a renewal be created ahead of time, and refuses an overlap naming the module and the dates", async () => {
    const o = await orgIn("America/Chicago");
    const lastDay = dayAfter(o.today, 10);
    await o.contract(dayAfter(o.today, -100), lastDay);
    const renewal = await o.contract(dayAfter(lastDay, 1), dayAfter(lastDay, 366));
    expect(renewal.id).toBeTruthy();
    const e = await refusalOf(o.contract(lastDay, null));
    expect(e.code).toBe("INVALID");
    expect(e.message).toContain("Case Management");
    expect(e.message).toContain(`from ${dayAfter(o.today, -100)} through ${lastDay}`);
  });

  for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
    it(`counts a user through their validTo day in ${zone}, and not the day after`, async () => {
      const o = await orgIn(zone);
      const c = await o.contract(dayAfter(o.today, -30), null, "named");
      const profile = await createProfile(db, testOperator, o.organization.id, { name: "P", modules: [o.module] });
      for (const [username, validTo] of [
        ["today", o.today],
        ["yesterday", dayAfter(o.today, -1)],
      ] as const)
        await createUser(db, testOperator, o.organization.id, {
          username,
          email: `${username}@example.com`,
          profileId: profile.id,
          credentials: "issued",
          validTo,
        });
      expect((await poolUsages(db, { contractId: c.id }))[0]!.inUse).toBe(1);
      const ok = await openSession(db, o.keyOf(c.id), {
        module: o.module,
        clientType: "desktop",
        deviceId: "pc",
        username: "today",
      });
      expect(ok.id).toBeTruthy();
      const e = await refusalOf(
        openSession(db, o.keyOf(c.id), {
          module: o.module,
          clientType: "desktop",
          deviceId: "pc",
          username: "yesterday",
        }),
      );
      expect(e.code).toBe("USER_EXPIRED");
    });
  }
});
