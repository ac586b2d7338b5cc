import { describe, expect, it } from "vitest";
import { userModuleLastUse } from "@/db/schema";
import { listUsersPage, parseUserFilters } from "@/lib/console/users-queries";
import { createProfile } from "@/lib/licensing/profiles";
import { createUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { unusedNamedSeats } from "./unused-seats";

// Named seats nobody uses: per named pool in force, the seat holders without a use of its module
// for 30 days and their cost at the pool's price — the same users the users list shows filtered
// by the module, "holds a seat" and "not used for 30 days".

const DAY = 86_400_000;

describe("unused named seats", () => {
  it("counts per pool the seat holders who have not used its module for 30 days, with their cost, as the users filter lists them", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, {
      currency: "EUR",
      pools: [
        { module: "cad", model: "named", capacity: 10, pricePerLicense: 4_500 },
        { module: "mob", model: "named", capacity: 10 },
        { module: "cc", model: "concurrent", capacity: 10, pricePerLicense: 1_000 },
      ],
    });
    const org = f.organization.id;
    const profile = await createProfile(db, testOperator, org, {
      name: "Engineers",
      modules: [f.mod("cad"), f.mod("mob"), f.mod("cc")],
    });
    const user = (username: string, status: "active" | "inactive" = "active") =>
      createUser(db, testOperator, org, {
        username,
        email: `${username}@example.com`,
        profileId: profile.id,
        credentials: "issued",
        status,
      });
    const [ada, bob] = [await user("ada"), await user("bob")];
    await user("cy"); // never seen
    await user("dee", "inactive"); // holds no seat, however unused
    const now = new Date();
    const used = (userId: string, module: string, daysAgo: number) => ({
      userId,
      moduleId: f.pool(module).moduleId,
      organizationId: org,
      lastUsedAt: new Date(now.getTime() - daysAgo * DAY),
    });
    await db
      .insert(userModuleLastUse)
      .values([used(ada.id, "cad", 2), used(bob.id, "cad", 40), used(bob.id, "mob", 1), used(ada.id, "cc", 1)]);

    const cad = { moduleKey: f.mod("cad"), poolId: f.pool("cad").id, contractId: f.contract.id, currency: "EUR" };
    const mob = { moduleKey: f.mod("mob"), poolId: f.pool("mob").id, currency: "EUR" };
    expect(await unusedNamedSeats(db, org, { now })).toEqual([
      { ...cad, moduleName: expect.any(String), unused: 2, monthlyCost: 9_000 },
      { ...mob, contractId: f.contract.id, moduleName: expect.any(String), unused: 2, monthlyCost: null },
    ]);

    // The users list filtered the same way shows those very users (bob and cy for CAD, ada and cy for the mobile app).
    const listed = async (module: string) =>
      (await listUsersPage(db, org, parseUserFilters({ module: f.mod(module), seat: "yes", unused: "30" }))).rows.map(
        (r) => r.username,
      );
    expect(await listed("cad")).toEqual(["bob", "cy"]);
    expect(await listed("mob")).toEqual(["ada", "cy"]);

    // A month on (the clock injected), Ada's use of CAD is old too; Bob's of the mobile app not yet.
    const later = await unusedNamedSeats(db, org, { now: new Date(now.getTime() + 29 * DAY) });
    expect(later.map((p) => [p.moduleKey, p.unused, p.monthlyCost])).toEqual([
      [f.mod("cad"), 3, 13_500],
      [f.mod("mob"), 2, null],
    ]);
  });
});
