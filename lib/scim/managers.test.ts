import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { scimClient } from "@/lib/testing/scim";

// The enterprise extension's manager, as Microsoft Entra ID and Okta send it: Entra on POST with
// the extension's `manager.value` and later by PATCH with the extension's path and a bare id
// ("Add", then "Remove" when the manager is cleared in the directory); Okta on POST and PUT with
// the extension object. The manager is the SCIM id of another user of the same directory; one
// unknown, the user themselves or a cycle is refused (400 invalidValue) and nothing changes.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function directory(name: string) {
  const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 2 }] });
  const scim = await scimClient(db, f.organization.id, name);
  const managerOf = async (id: string) =>
    (await db.select({ managerId: users.managerId }).from(users).where(eq(users.id, id)))[0]!.managerId;
  return { f, scim, managerOf };
}

describe("a user's manager from the directory", () => {
  it("follows Entra ID's requests: POST with the extension, PATCH Add and Remove of its manager path", async () => {
    const { scim, managerOf } = await directory("Entra ID");
    const post = (userName: string, extension: Record<string, unknown> = {}) =>
      scim.call("POST", "/Users", {
        schemas: [USER, ENTERPRISE],
        externalId: crypto.randomUUID(),
        userName,
        active: true,
        emails: [{ primary: true, type: "work", value: userName }],
        meta: { resourceType: "User" },
        [ENTERPRISE]: { employeeNumber: "1815", ...extension },
      });
    const boss = await post(`${unique("mia")}@contoso.test`);
    expect(boss.status).toBe(201);
    const bossId = boss.body.id!;
    const report = await post(`${unique("ann")}@contoso.test`, { manager: { value: bossId } });
    expect(report.status).toBe(201);
    const reportId = report.body.id!;
    expect(await managerOf(reportId)).toBe(bossId);
    // The user as SCIM shows it carries the manager in the extension.
    const read = await scim.call("GET", `/Users/${reportId}`);
    expect((read.body as Record<string, unknown>)[ENTERPRISE]).toEqual({
      manager: { value: bossId, $ref: `http://localhost/scim/v2/Users/${bossId}` },
    });

    const other = await post(`${unique("bo")}@contoso.test`);
    const otherId = other.body.id!;
    const add = await scim.call("PATCH", `/Users/${otherId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: reportId }],
    });
    expect(add.status).toBe(200);
    expect(await managerOf(otherId)).toBe(reportId);

    // mia → ann → bo: bo managing mia would close a cycle; refused, nothing changes.
    const cycle = await scim.call("PATCH", `/Users/${bossId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: otherId }],
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ scimType: "invalidValue" });
    expect(String(cycle.body.detail)).toContain("would make a cycle");
    expect(await managerOf(bossId)).toBeNull();
    const self = await scim.call("PATCH", `/Users/${bossId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: `${ENTERPRISE}:manager`, value: bossId }],
    });
    expect(self.status).toBe(400);
    const unknown = await scim.call("PATCH", `/Users/${bossId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: crypto.randomUUID() }],
    });
    expect(unknown.status).toBe(400);

    const removed = await scim.call("PATCH", `/Users/${otherId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Remove", path: `${ENTERPRISE}:manager` }],
    });
    expect(removed.status).toBe(200);
    expect(await managerOf(otherId)).toBeNull();
  });

  it("follows Okta's requests: POST and PUT with the extension object, PUT without a manager clearing it", async () => {
    const { scim, managerOf } = await directory("Okta");
    const body = (userName: string, id: string | null, managerId?: string | null) => ({
      schemas: [USER, ENTERPRISE],
      userName,
      name: { givenName: "Ann", familyName: "Lee" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Ann Lee",
      active: true,
      ...(id ? { id } : {}),
      [ENTERPRISE]: {
        department: "Legal",
        ...(managerId === undefined
          ? {}
          : { manager: managerId === null ? null : { value: managerId, displayName: "Mia" } }),
      },
    });
    const mia = await scim.call("POST", "/Users", body(`${unique("mia")}@okta.test`, null));
    const miaId = mia.body.id!;
    const annName = `${unique("ann")}@okta.test`;
    const ann = await scim.call("POST", "/Users", body(annName, null, miaId));
    expect(ann.status).toBe(201);
    const annId = ann.body.id!;
    expect(await managerOf(annId)).toBe(miaId);
    // Okta sends the whole user on every change: the same manager keeps it.
    const same = await scim.call("PUT", `/Users/${annId}`, body(annName, annId, miaId));
    expect(same.status).toBe(200);
    expect(await managerOf(annId)).toBe(miaId);
    // Mia managed by Ann: a cycle, refused.
    const cycle = await scim.call("PUT", `/Users/${miaId}`, body(mia.body.userName as string, miaId, annId));
    expect(cycle.status).toBe(400);
    expect(await managerOf(miaId)).toBeNull();
    // The extension without a manager: the directory has none for her now.
    const cleared = await scim.call("PUT", `/Users/${annId}`, body(annName, annId, null));
    expect(cleared.status).toBe(200);
    expect(await managerOf(annId)).toBeNull();
  });
});
