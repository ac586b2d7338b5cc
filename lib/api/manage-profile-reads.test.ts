import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// Profiles through the management API: listed per organization with their modules and users,
// got by id, deleted as the console deletes them (the users stay, without a profile).

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type Profile = { id: string; name: string; modules: string[]; members: number; organizationId: string };
type Profiles = { profiles: Profile[]; nextCursor: string | null };

describe("profiles in the management API", () => {
  it("lists, pages, finds by name, gets and deletes an organization's profiles", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const base = `/api/v1/manage/organizations/${f.organization.id}`;
    const names = ["Lawyers", "Clerks", "Partners"];
    const made: Profile[] = [];
    for (const name of names)
      made.push(
        (
          await call<{ profile: Profile }>(`${base}/profiles`, {
            method: "POST",
            body: { name, modules: [f.mod("cm")] },
          })
        ).body.profile,
      );
    const user = await call<{ user: { id: string; profileId: string } }>(`${base}/users`, {
      method: "POST",
      body: { username: "ada", email: "ada@profiles.test", profileId: made[0]!.id },
    });
    expect(user.status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Profiles } = await call(`${base}/profiles?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.profiles.map((p) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
    const lawyers = await call<Profiles>(`${base}/profiles?name=LAWYERS`);
    expect(lawyers.body.profiles).toEqual([
      expect.objectContaining({ id: made[0]!.id, modules: [f.mod("cm")], members: 1 }),
    ]);
    const one = await call<{ profile: Profile }>(`/api/v1/manage/profiles/${made[0]!.id}`);
    expect(one.body.profile).toMatchObject({ name: "Lawyers", organizationId: f.organization.id, members: 1 });

    const deleted = await call<{ deleted: boolean; membersMoved: number }>(`/api/v1/manage/profiles/${made[0]!.id}`, {
      method: "DELETE",
    });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true, membersMoved: 1 } });
    expect((await call(`/api/v1/manage/profiles/${made[0]!.id}`)).status).toBe(404);
    expect((await call(`/api/v1/manage/profiles/${made[0]!.id}`, { method: "DELETE" })).status).toBe(404);
    const ada = await call<{ user: { profileId: string | null } }>(`/api/v1/manage/users/${user.body.user.id}`);
    expect(ada.body.user.profileId).toBeNull();
  });

  it("keeps each organization's profiles to itself", async () => {
    const a = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 1 }] });
    const b = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 1 }] });
    await call(`/api/v1/manage/organizations/${b.organization.id}/profiles`, {
      method: "POST",
      body: { name: "Theirs" },
    });
    const list = await call<Profiles>(`/api/v1/manage/organizations/${a.organization.id}/profiles`);
    expect(list.body.profiles).toEqual([]);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await call(`/api/v1/manage/organizations/${missing}/profiles`)).status).toBe(404);
    const bad = await call<{ error: { message: string } }>(
      `/api/v1/manage/organizations/${a.organization.id}/profiles?name=`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^The query is not valid: .*name/);
  });
});
