import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { licensePools, profileModules, users } from "@/db/schema";
import { createProfile, updateProfile } from "@/lib/licensing/profiles";
import { openSession } from "@/lib/licensing/sessions/open";
import { bulkUpdateUsers, createUser, updateUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { dashboardData } from "./dashboard-queries";
import { holdersBeyondLimit, overLimitPools } from "./over-limit-queries";
import { profilesOverview } from "./profiles-queries";
import { getUserDetail, listUsersPage, parseUserFilters, usersForExport } from "./users-queries";
import { VENDOR } from "@/lib/licensing/input";

// SPEC §5 rule 5 "who is over": the holders beyond an over-limit pool's limit, most recently
// granted first, named alike on the dashboard, the users page (badge and filter) and the profiles
// page. The grant time is the seat's own (users.seat_granted_at, profile_modules.granted_at), not
// the user's last edit.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function addUser(organizationId: string, username: string, profileId: string | null) {
  return createUser(db, testOperator, organizationId, {
    username,
    email: `${username}@example.com`,
    profileId,
    credentials: "issued",
  });
}

/** The vendor lowers the bound under what is held (rule 5 allows it). */
const lowerCapacity = (poolId: string, capacity: number) =>
  db.update(licensePools).set({ capacity }).where(eq(licensePools.id, poolId));

const usernames = async (organizationId: string, query: Record<string, string>) =>
  (await listUsersPage(db, organizationId, parseUserFilters(query))).rows.map((r) => r.username).sort();

describe("the seat's grant time", () => {
  it("is kept by edits that grant nothing and renewed by those that grant", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 4 }] });
    const org = f.organization.id;
    const p = await createProfile(db, testOperator, org, { name: "All", modules: [f.mod("cm")] });
    const created: Record<string, string> = {};
    for (const name of ["ann", "bob", "cy", "dee"]) created[name] = (await addUser(org, name, p.id)).id;
    const granted = async (name: string) =>
      (await db.select({ at: users.seatGrantedAt }).from(users).where(eq(users.id, created[name]!)))[0]!.at;

    // An edit of the email (it changes updated_at) keeps ann's seat where it was: oldest.
    const annBefore = await granted("ann");
    await updateUser(db, testOperator, created.ann!, { email: "ann.new@example.com" }, VENDOR);
    expect(await granted("ann")).toEqual(annBefore);
    // Moving validTo while still valid grants nothing either.
    await updateUser(db, testOperator, created.ann!, { validTo: "2999-12-31" }, VENDOR);
    expect(await granted("ann")).toEqual(annBefore);

    // The order of all four holders (as if the pool were over by four), most recently granted first.
    const pool = { organizationId: org, module: f.mod("cm"), poolId: f.pool("cm").id, model: "named" as const };
    const order = async () => (await holdersBeyondLimit(db, pool, 4)).map((h) => h.label);
    expect(await order()).toEqual(["dee", "cy", "bob", "ann"]);

    // Deactivated and activated again, bob's seat is granted anew: now the most recent.
    await updateUser(db, testOperator, created.bob!, { status: "inactive" }, VENDOR);
    await updateUser(db, testOperator, created.bob!, { status: "active" }, VENDOR);
    expect(await order()).toEqual(["bob", "dee", "cy", "ann"]);
    // A bulk change revoking and re-issuing credentials grants cy's seat anew.
    await bulkUpdateUsers(db, testOperator, org, [created.cy!], { credentials: "revoked" });
    await bulkUpdateUsers(db, testOperator, org, [created.cy!], { credentials: "issued" });
    expect(await order()).toEqual(["cy", "bob", "dee", "ann"]);
    // A bulk change of something else keeps it.
    await bulkUpdateUsers(db, testOperator, org, [created.dee!], { status: "active" });
    expect(await order()).toEqual(["cy", "bob", "dee", "ann"]);

    // Over by two, the two most recent are beyond the limit.
    await lowerCapacity(f.pool("cm").id, 2);
    const { alerts } = await dashboardData(db, org);
    expect(alerts[0]!.overHolders.map((h) => h.label)).toEqual(["cy", "bob"]);
  });

  it("counts from when the profile began granting the module; modules kept keep their time", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "cm", model: "named", capacity: 3 },
        { module: "x", model: "named", capacity: 5 },
      ],
    });
    const org = f.organization.id;
    const late = await createProfile(db, testOperator, org, { name: "Late", modules: [] });
    const early = await createProfile(db, testOperator, org, { name: "Early", modules: [f.mod("cm")] });
    // cy is created first, but her profile grants the module only after ann and bob hold theirs.
    await addUser(org, "cy", late.id);
    await addUser(org, "ann", early.id);
    await addUser(org, "bob", early.id);
    await updateProfile(db, testOperator, late.id, { modules: [f.mod("cm")] }, VENDOR);
    const grantedOf = async (profileId: string) =>
      (
        await db
          .select({ at: profileModules.grantedAt })
          .from(profileModules)
          .where(eq(profileModules.profileId, profileId))
      )
        .map((r) => r.at.getTime())
        .sort();
    const earlyBefore = await grantedOf(early.id);
    // Adding a module to Early keeps the time of the module it already granted.
    await updateProfile(db, testOperator, early.id, { modules: [f.mod("cm"), f.mod("x")] }, VENDOR);
    const earlyAfter = await grantedOf(early.id);
    expect(earlyAfter).toHaveLength(2);
    expect(earlyAfter[0]).toBe(earlyBefore[0]);

    await lowerCapacity(f.pool("cm").id, 2);
    const pool = { organizationId: org, module: f.mod("cm"), poolId: f.pool("cm").id, model: "named" as const };
    expect((await holdersBeyondLimit(db, pool, 1)).map((h) => h.label)).toEqual(["cy"]);
  });
});

describe("who is over, on every page", () => {
  it("names the same holders on the dashboard, the users page (badge and filter) and the profiles page", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", model: "named", capacity: 4, moduleName: "Construction Manager" }],
    });
    const org = f.organization.id;
    const office = await createProfile(db, testOperator, org, { name: "Office", modules: [f.mod("cm")] });
    const field = await createProfile(db, testOperator, org, { name: "Field", modules: [f.mod("cm")] });
    await addUser(org, "ann", office.id);
    await addUser(org, "bob", field.id);
    await addUser(org, "cy", office.id);
    const dee = await addUser(org, "dee", field.id);
    const eve = await addUser(org, "eve", null); // holds no seat

    // Within the limit nobody is over.
    expect(await overLimitPools(db, org)).toEqual([]);
    expect(await usernames(org, { over: "yes" })).toEqual([]);

    await lowerCapacity(f.pool("cm").id, 2);
    const { alerts } = await dashboardData(db, org);
    expect(alerts[0]!.overHolders.map((h) => h.label)).toEqual(["dee", "cy"]);

    expect(await usernames(org, { over: "yes" })).toEqual(["cy", "dee"]);
    expect(await usernames(org, { over: "no" })).toEqual(["ann", "bob", "eve"]);
    expect(await usernames(org, { over: "yes", profile: office.id })).toEqual(["cy"]);
    const page = await listUsersPage(db, org, parseUserFilters({}));
    expect(Object.fromEntries(page.rows.map((r) => [r.username, r.overLimit]))).toEqual({
      ann: [],
      bob: [],
      cy: ["Construction Manager"],
      dee: ["Construction Manager"],
      eve: [],
    });
    const exported: string[] = [];
    for await (const batch of usersForExport(db, org, parseUserFilters({ over: "yes" })))
      exported.push(...batch.map((r) => r.username));
    expect(exported).toEqual(["cy", "dee"]);

    expect((await getUserDetail(db, org, dee.id))!.overLimit).toEqual(["Construction Manager"]);
    expect((await getUserDetail(db, org, eve.id))!.overLimit).toEqual([]);

    const overview = await profilesOverview(db, org);
    expect(overview.modules[0]!.overHolders.map((h) => h.label)).toEqual(["dee", "cy"]);
    const byName = Object.fromEntries(overview.profiles.map((p) => [p.name, p.overHolders[f.mod("cm")] ?? []]));
    expect(byName.Office!.map((h) => h.label)).toEqual(["cy"]);
    expect(byName.Field!.map((h) => h.label)).toEqual(["dee"]);
  });

  it("on a concurrent pool, names the newest live sessions' users until their weights cover what is over", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "app", model: "concurrent", capacity: 4 }] });
    const org = f.organization.id;
    const p = await createProfile(db, testOperator, org, { name: "App", modules: [f.mod("app")] });
    for (const name of ["ann", "bob", "cy"]) await addUser(org, name, p.id);
    await openSession(db, f.key, { module: f.mod("app"), clientType: "desktop", deviceId: "d-ann", username: "ann" });
    await openSession(db, f.key, { module: f.mod("app"), clientType: "desktop", deviceId: "d-bob", username: "bob" });
    await openSession(db, f.key, { module: f.mod("app"), clientType: "desktop", deviceId: "d-cy", username: "cy" });
    await openSession(db, f.key, { module: f.mod("app"), clientType: "desktop", deviceId: "kiosk" });

    await lowerCapacity(f.pool("app").id, 1);
    const { alerts } = await dashboardData(db, org);
    expect(alerts[0]).toMatchObject({ state: "over", inUse: 4, limit: 1 });
    // Three over: the anonymous kiosk (newest), cy and bob; ann's session is within the limit.
    expect(alerts[0]!.overHolders.map((h) => h.label)).toEqual(["kiosk", "cy", "bob"]);
    expect(await usernames(org, { over: "yes" })).toEqual(["bob", "cy"]);
  });

  it("ignores a filter value it does not know, as the other filters do", async () => {
    expect(parseUserFilters({ over: "maybe" }).over).toBeUndefined();
  });
});
