import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";
import { refusalOf } from "@/lib/testing/refusal";
import { createUser, updateUser } from "./users";

// A user's manager is another user of the same organization; self-management and cycles are
// refused with a sentence, in the engine and over the management API (422 INVALID).

describe("a user's manager", () => {
  it("is set on create and change, read back, and refused for self, another organization or a cycle", async () => {
    const db = await testDb();
    const f = await makeOrganization(db, { pools: [{ module: "cad", model: "named", capacity: 5 }] });
    const other = await makeOrganization(db, { pools: [{ module: "cad", model: "named", capacity: 5 }] });
    const org = f.organization.id;
    const scope = { organizationId: org };
    const user = (username: string, managerId?: string) =>
      createUser(db, testOperator, org, { username, email: `${username}@managers.test`, managerId });
    const mia = await user("mia");
    const ann = await user("ann", mia.id);
    const bo = await user("bo", ann.id);
    expect([ann.managerId, bo.managerId]).toEqual([mia.id, ann.id]);
    const stranger = await createUser(db, testOperator, other.organization.id, {
      username: "zed",
      email: "zed@managers.test",
    });

    const refused = async (userId: string, managerId: string) => {
      const e = await refusalOf(updateUser(db, testOperator, userId, { managerId }, scope));
      expect(e.code).toBe("INVALID");
      expect(e.details).toMatchObject({ field: "managerId" });
      return e.message;
    };
    expect(await refused(mia.id, mia.id)).toBe("A user can't be their own manager.");
    expect(await refused(mia.id, stranger.id)).toBe("The manager must be a user of the same organization.");
    // mia manages ann, ann manages bo: bo (or ann) managing mia would close the circle.
    expect(await refused(mia.id, ann.id)).toMatch(
      /^ann is managed by this user .*: managing them would make a cycle\.$/,
    );
    expect(await refused(mia.id, bo.id)).toMatch(/^bo is managed by this user \(directly or through others\)/);
    expect(
      (
        await refusalOf(
          createUser(db, testOperator, org, { username: "cy", email: "cy@x.test", managerId: stranger.id }),
        )
      ).code,
    ).toBe("INVALID");
    const [unchanged] = await db.select({ managerId: users.managerId }).from(users).where(eq(users.id, mia.id));
    expect(unchanged!.managerId).toBeNull();

    // Moving bo under mia is no cycle; clearing works; a deleted manager leaves the user without one.
    expect((await updateUser(db, testOperator, bo.id, { managerId: mia.id }, scope)).managerId).toBe(mia.id);
    expect((await updateUser(db, testOperator, bo.id, { managerId: null }, scope)).managerId).toBeNull();
  });

  it("is written and read by the management API, a cycle answered 422 with the sentence", async () => {
    const db = await testDb();
    const call = await manageApi(db);
    const f = await makeOrganization(db, { pools: [{ module: "cad", model: "named", capacity: 5 }] });
    const org = f.organization.id;
    type User = { id: string; username: string; managerId: string | null };
    const created = async (username: string, managerId?: string) => {
      const res = await call<{ user: User }>(`/api/v1/manage/organizations/${org}/users`, {
        method: "POST",
        body: { username, email: `${username}@api-managers.test`, ...(managerId ? { managerId } : {}) },
      });
      expect(res.status).toBe(201);
      return res.body.user;
    };
    const mia = await created("mia");
    const ann = await created("ann", mia.id);
    expect(ann.managerId).toBe(mia.id);
    const read = await call<{ user: User }>(`/api/v1/manage/users/${ann.id}`);
    expect(read.body.user.managerId).toBe(mia.id);
    const listed = await call<{ users: User[] }>(`/api/v1/manage/organizations/${org}/users?username=ann`);
    expect(listed.body.users.map((u) => u.managerId)).toEqual([mia.id]);

    const cycle = await call<{ error: { code: string; message: string } }>(`/api/v1/manage/users/${mia.id}`, {
      method: "PATCH",
      body: { managerId: ann.id },
    });
    expect(cycle.status).toBe(422);
    expect(JSON.stringify(cycle.body)).toContain("managing them would make a cycle");
    const self = await call(`/api/v1/manage/users/${mia.id}`, { method: "PATCH", body: { managerId: mia.id } });
    expect(self.status).toBe(422);
    const notAnId = await call(`/api/v1/manage/users/${mia.id}`, { method: "PATCH", body: { managerId: "mia" } });
    expect(notAnId.status).toBe(400); // not an id at all: the body's validation
    const cleared = await call<{ user: User }>(`/api/v1/manage/users/${ann.id}`, {
      method: "PATCH",
      body: { managerId: null },
    });
    expect(cleared.body.user.managerId).toBeNull();
  });
});
