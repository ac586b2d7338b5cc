import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { profiles, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { updateProfile } from "@/lib/licensing/profiles";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { scimClient, seatsInUse } from "@/lib/testing/scim";
import { listScimRequests } from "./log";
import { VENDOR } from "@/lib/licensing/input";

// A replay of what Okta sends (the request shapes of Okta's SCIM 2.0 guide): lookups with
// startIndex and count, a PUT of the whole user, deactivation by a path-less replace, group push
// with members added by value and removed by a path filter. The seats are checked after every step.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("Okta's provisioning sequence", () => {
  it("pushes a user and a group, deactivates, reactivates, renames and unassigns, with the seats after every step", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", moduleName: "Case Management", model: "named", capacity: 1 }],
    });
    const scim = await scimClient(db, f.organization.id, "Okta");
    const seats = () => seatsInUse(db, f.organization.id, f.pool("cm").id);
    const userName = `${unique("test.user")}@okta.local`;

    const lookup = await scim.call(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(lookup.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0 });

    const oktaUser = {
      schemas: [USER],
      userName,
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    };
    const created = await scim.call("POST", "/Users", oktaUser);
    expect(created.status).toBe(201);
    const userId = created.body.id!;
    expect(created.body).toMatchObject({ userName, active: true, externalId: "00ujl29u0le5T6Aj10h7" });

    // Group push: no profile has the name, so one is made with no modules; the administrator grants one.
    const pushed = await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: "Okta Lawyers", members: [] });
    expect(pushed.status).toBe(201);
    const groupId = pushed.body.id!;
    const [profile] = await db.select().from(profiles).where(eq(profiles.organizationId, f.organization.id));
    expect(profile).toMatchObject({ name: "Okta Lawyers" });
    await updateProfile(db, testOperator, profile!.id, { modules: [f.mod("cm")] }, VENDOR);

    const added = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: userId, display: userName }] }],
    });
    expect(added.status).toBe(200);
    expect(await seats()).toBe(1);

    const deactivated = await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(deactivated.body.active).toBe(false);
    expect(await seats()).toBe(0);

    const reactivated = await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(reactivated.body.active).toBe(true);
    expect(await seats()).toBe(1);

    // Okta's profile update is a PUT of the whole user, with the id and meta it read.
    const read = await scim.call("GET", `/Users/${userId}`);
    const renamedTo = `${unique("renamed.user")}@okta.local`;
    const put = await scim.call(
      "PUT",
      `/Users/${userId}`,
      { ...oktaUser, ...read.body, userName: renamedTo, emails: [{ primary: true, value: renamedTo, type: "work" }] },
      { "if-match": read.body.meta!.version },
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ userName: renamedTo, emails: [{ value: renamedTo }] });
    expect(put.body.meta!.version).not.toBe(read.body.meta!.version);
    expect(await seats()).toBe(1);

    const renamedGroup = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { id: groupId, displayName: "Okta Lawyers EU" } }],
    });
    expect(renamedGroup.body.displayName).toBe("Okta Lawyers EU");

    const removed = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: `members[value eq "${userId}"]` }],
    });
    expect(removed.body.members).toEqual([]);
    expect(await seats()).toBe(0);

    expect((await scim.call("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ status: "active", credentials: "issued", profileId: null });
  });

  it("leaves members their profile when their group is deleted, and the log says so", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const scim = await scimClient(db, f.organization.id, "Okta");
    const user = await scim.call("POST", "/Users", { schemas: [USER], userName: `${unique("kim")}@okta.local` });
    const group = await scim.call("POST", "/Groups", {
      schemas: [GROUP],
      displayName: unique("Group"),
      members: [{ value: user.body.id }],
    });
    const [before] = await db.select().from(users).where(eq(users.id, user.body.id!));
    expect(before!.profileId).not.toBeNull();
    expect((await scim.call("DELETE", `/Groups/${group.body.id}`)).status).toBe(204);
    const [after] = await db.select().from(users).where(eq(users.id, user.body.id!));
    expect(after!.profileId).toBe(before!.profileId);
    const { rows } = await listScimRequests(db, f.organization.id);
    expect(rows[0]).toMatchObject({ method: "DELETE", status: 204, outcome: "changed", tokenName: "Okta" });
    expect(rows[0]!.summary).toMatch(/its 1 members keep that profile until their next change/);
  });
});
