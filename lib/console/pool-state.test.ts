import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools } from "@/db/schema";
import { createProfile } from "@/lib/licensing/profiles";
import { createUser } from "@/lib/licensing/users";
import type { Database } from "@/db/client";
import { activateDevice } from "@/lib/licensing/activations";
import { closeSession } from "@/lib/licensing/sessions/close";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { dashboardData } from "./dashboard-queries";
import { holdersHref } from "./holders-href";
import { vendorOverview } from "./overview-queries";

// SPEC §5 "Pool state counts every holding" (rule 17): a pool whose devices or this month's API
// connects are used up is full, like a full seat pool: in its state, the dashboard's alerts and
// the vendor overview's counts, each holding with the link to exactly its holders.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("pool state counts every holding", () => {
  it("shows a pool whose devices are all activated as full, though its seats are free", async () => {
    const name = unique("Devices full");
    const f = await makeOrganization(db, {
      name,
      pools: [{ module: "app", model: "concurrent", capacity: 2, activationsPerLicense: 1 }],
    });
    for (const fp of ["a", "b"])
      await activateDevice(db, f.key, { module: f.mod("app"), fingerprint: fp, platform: "desktop" });
    const { pools, alerts } = await dashboardData(db, f.organization.id);
    expect(pools[0]).toMatchObject({ state: "full", seatState: "normal", inUse: 0 });
    expect(alerts).toEqual([
      expect.objectContaining({ state: "full", holdings: [{ kind: "activations", state: "full", held: 2, limit: 2 }] }),
    ]);
    const overview = await vendorOverview(db, { search: name });
    expect(overview.organizations[0]).toMatchObject({ full: 1, nearLimit: 0, overLimit: 0 });
  });

  it("shows a pool whose API connects of the month are used up as full", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "api", model: "concurrent", capacity: 5, apiConnectsPerLicense: 0, extraApiConnects: 1 }],
    });
    const opened = await openSession(db, f.key, { module: f.mod("api"), clientType: "api", deviceId: "robot" });
    await closeSession(db, f.key, opened.id);
    const { pools } = await dashboardData(db, f.organization.id);
    expect(pools[0]).toMatchObject({
      state: "full",
      seatState: "normal",
      holdings: [{ kind: "apiConnects", state: "full", held: 1, limit: 1 }],
    });
  });

  it("links each holding to exactly its holders", () => {
    const pool = { model: "named" as const, module: "cm", poolId: "p1" };
    expect(holdersHref("o", pool)).toBe("/users?org=o&module=cm&seat=yes");
    expect(holdersHref("o", { ...pool, model: "concurrent" })).toBe("/sessions?org=o&pool=p1");
    expect(holdersHref("o", pool, "activations")).toBe("/devices?org=o&pool=p1&live=yes");
    expect(holdersHref("o", pool, "apiConnects")).toBe("/sessions?org=o&pool=p1&client=api");
  });
});

describe("who is over (rule 5)", () => {
  it("names the seat holders beyond the limit of an over-limit pool, most recently granted first", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 4 }] });
    const profile = await createProfile(db, testOperator, f.organization.id, { name: "All", modules: [f.mod("cm")] });
    const names = ["ann", "bob", "cy", "dee"];
    // Granted in this order, dee last (each create grants the seat in its own statement).
    for (const username of names)
      await createUser(db, testOperator, f.organization.id, {
        username,
        email: `${username}@example.com`,
        profileId: profile.id,
        credentials: "issued",
      });
    // The vendor lowered the bound under what is held (rule 5): two users are beyond the limit.
    await db
      .update(licensePools)
      .set({ capacity: 2 })
      .where(eq(licensePools.id, f.pool("cm").id));
    const { alerts } = await dashboardData(db, f.organization.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "over", inUse: 4, limit: 2 });
    expect(alerts[0]!.overHolders.map((h) => h.label)).toEqual(["dee", "cy"]);
  });
});
