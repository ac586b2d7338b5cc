import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { createProfile } from "@/lib/licensing/profiles";
import { openSession } from "@/lib/licensing/sessions/open";
import { testDb, unique } from "@/lib/testing/db";
import { adminOf, makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { scimClient, seatsInUse } from "@/lib/testing/scim";
import { orderDirectoryProfiles } from "./precedence";

// Deprovisioning ends what a seat held at once (rules 3 and 18), and the administrator's
// precedence order decides the profile of a user in several directory groups.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function provisionedWithSessions() {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cc", model: "concurrent", capacity: 5 },
      { module: "nm", model: "named", capacity: 5 },
    ],
  });
  await createProfile(db, testOperator, f.organization.id, { name: "Both", modules: [f.mod("cc"), f.mod("nm")] });
  const scim = await scimClient(db, f.organization.id);
  const username = unique("ada");
  const user = await scim.call("POST", "/Users", {
    schemas: [USER],
    userName: username,
    emails: [{ value: `${username}@example.com` }],
  });
  await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: "Both", members: [{ value: user.body.id }] });
  for (const short of ["cc", "nm"])
    await openSession(db, f.key, { module: f.mod(short), clientType: "desktop", deviceId: `pc-${short}`, username });
  const live = async () =>
    (
      await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.organizationId, f.organization.id), isNull(sessions.endedAt)))
    ).length;
  expect(await live()).toBe(2);
  return { f, scim, userId: user.body.id!, live };
}

describe("deprovisioning", () => {
  it("ends every live session and frees the seat when the directory deletes the user", async () => {
    const { f, scim, userId, live } = await provisionedWithSessions();
    expect(await seatsInUse(db, f.organization.id, f.pool("nm").id)).toBe(1);
    expect((await scim.call("DELETE", `/Users/${userId}`)).status).toBe(204);
    expect(await live()).toBe(0);
    expect(await seatsInUse(db, f.organization.id, f.pool("nm").id)).toBe(0);
    const ended = await db.select().from(sessions).where(eq(sessions.organizationId, f.organization.id));
    expect(ended.map((s) => s.endReason)).toEqual(["seat_revoked", "seat_revoked"]);
  });

  it("ends them when the directory deactivates the user", async () => {
    const { scim, userId, live } = await provisionedWithSessions();
    await scim.call("PATCH", `/Users/${userId}`, {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(await live()).toBe(0);
  });
});

describe("precedence", () => {
  it("gives a user in two linked groups the profile the administrator put first", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const scim = await scimClient(db, f.organization.id);
    const user = await scim.call("POST", "/Users", { schemas: [USER], userName: `${unique("bo")}@example.com` });
    const members = [{ value: user.body.id }];
    const first = await createProfile(db, testOperator, f.organization.id, { name: "Alpha", modules: [] });
    const second = await createProfile(db, testOperator, f.organization.id, { name: "Beta", modules: [f.mod("cm")] });
    await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: "Beta", members });
    await scim.call("POST", "/Groups", { schemas: [GROUP], displayName: "Alpha", members });
    const profileOf = async () => (await db.select().from(users).where(eq(users.id, user.body.id!)))[0]!.profileId;
    // Without an order, by name: Alpha first.
    expect(await profileOf()).toBe(first.id);
    await orderDirectoryProfiles(db, adminOf(f.organization.id), f.organization.id, [second.id, first.id]);
    expect(await profileOf()).toBe(second.id);
    expect(await seatsInUse(db, f.organization.id, f.pool("cm").id)).toBe(1);
  });
});
