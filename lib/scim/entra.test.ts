import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { profiles, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { createProfile } from "@/lib/licensing/profiles";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { scimClient, seatsInUse, type ScimBody } from "@/lib/testing/scim";

// A replay of what Microsoft Entra ID's provisioning service sends (the request shapes of
// Microsoft's "SCIM protocol compliance" documentation): capitalised ops, `active` as "False",
// filtered PATCH paths, members by value lists. The seats are checked after every step.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function expectUserShape(body: ScimBody) {
  expect(body.schemas).toContain(USER);
  expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.meta).toMatchObject({ resourceType: "User", location: `http://localhost/scim/v2/Users/${body.id}` });
  expect(body.meta!.version).toMatch(/^W\/".+"$/);
}

async function setup() {
  const f = await makeOrganization(db, {
    pools: [{ module: "cm", moduleName: "Case Management", model: "named", capacity: 2 }],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, {
    name: "Case Managers",
    modules: [f.mod("cm")],
  });
  const scim = await scimClient(db, f.organization.id, "Entra ID");
  const seats = () => seatsInUse(db, f.organization.id, f.pool("cm").id);
  return { f, profile, scim, seats };
}

describe("Entra ID's provisioning sequence", () => {
  it("creates, groups, deactivates, reactivates, renames and deletes a user, with the seats after every step", async () => {
    const { f, profile, scim, seats } = await setup();
    const userName = `${unique("ada")}@contoso.test`;

    // Entra first looks the user up by the matching attribute.
    const lookup = await scim.call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get("content-type")).toBe("application/scim+json");
    expect(lookup.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });

    const created = await scim.call("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: userName }],
      meta: { resourceType: "User" },
      name: { formatted: "Ada Lovelace", familyName: "Lovelace", givenName: "Ada" },
      roles: [],
      [ENTERPRISE]: { employeeNumber: "1815" },
    });
    expect(created.status).toBe(201);
    expectUserShape(created.body);
    expect(created.headers.get("location")).toBe(created.body.meta!.location);
    expect(created.headers.get("etag")).toBe(created.body.meta!.version);
    expect(created.body).toMatchObject({ userName, active: true, externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" });
    const userId = created.body.id!;
    expect(await seats()).toBe(0);

    const byExternalId = await scim.call(
      "GET",
      `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`,
    );
    expect(byExternalId.body.totalResults).toBe(1);

    const groupLookup = await scim.call(
      "GET",
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Case Managers"')}`,
    );
    expect(groupLookup.body).toMatchObject({ totalResults: 0 });
    const group = await scim.call("POST", "/Groups", {
      schemas: [GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Case Managers",
      meta: { resourceType: "Group" },
    });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ schemas: [GROUP], displayName: "Case Managers", members: [] });
    const groupId = group.body.id!;
    const [linked] = await db.select().from(profiles).where(eq(profiles.organizationId, f.organization.id));
    expect(linked!.id).toBe(profile.id); // linked to the profile of its name, no second profile

    const addMember = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }],
    });
    expect(addMember.status).toBe(200);
    expect(addMember.body.members).toEqual([expect.objectContaining({ value: userId })]);
    expect(await seats()).toBe(1);
    const inGroup = await scim.call("GET", `/Users/${userId}`);
    expect(inGroup.body.groups).toEqual([expect.objectContaining({ value: groupId, display: "Case Managers" })]);

    const deactivated = await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect(await seats()).toBe(0);

    const reactivated = await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    expect(reactivated.body.active).toBe(true);
    expect(await seats()).toBe(1);

    const renamedTo = `${unique("ada.king")}@contoso.test`;
    const renamed = await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [
        { op: "Replace", path: "userName", value: renamedTo },
        { op: "Add", path: 'emails[type eq "work"].value', value: renamedTo },
        { op: "Replace", path: "name.familyName", value: "King" },
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ userName: renamedTo, emails: [{ value: renamedTo, primary: true }] });
    expect(await seats()).toBe(1);

    const renamedGroup = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "displayName", value: "Case Managers (EU)" }],
    });
    expect(renamedGroup.body.displayName).toBe("Case Managers (EU)");
    expect(await seats()).toBe(1); // the link to the profile stays

    const removed = await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: userId }] }],
    });
    expect(removed.body.members).toEqual([]);
    expect(await seats()).toBe(0);
    const [ada] = await db.select().from(users).where(eq(users.id, userId));
    expect(ada!.profileId).toBeNull();

    await scim.call("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: "members", value: [{ value: userId }] }],
    });
    expect(await seats()).toBe(1);
    const deleted = await scim.call("DELETE", `/Users/${userId}`);
    expect(deleted.status).toBe(204);
    expect(await seats()).toBe(0);
    const gone = await scim.call("GET", `/Users/${userId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });

    expect((await scim.call("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expect((await scim.call("GET", `/Groups/${groupId}`)).status).toBe(404);
    const [kept] = await db.select().from(profiles).where(eq(profiles.id, profile.id));
    expect(kept).toBeDefined(); // the profile stays, unlinked
  });
});
