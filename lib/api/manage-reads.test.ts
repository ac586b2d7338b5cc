import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { licensePools } from "@/db/schema";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// The management API reads what it writes (SPEC §8): lists with filters named like the fields,
// newest first, keyset-paged with limit and cursor; lookups by id, 404 for an id that isn't there.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type Organization = { id: string; name: string; siteId: string };
type User = { id: string; username: string; email: string; status: string };

describe("reads of the management API", () => {
  it("finds an organization by its site ID and by part of its name, and gets it by id", async () => {
    const siteId = unique("NW").replaceAll(/[^A-Za-z0-9-]/g, "-");
    const name = unique("Northwind Legal");
    const created = await call<{ organization: Organization }>("/api/v1/manage/organizations", {
      method: "POST",
      body: { name, siteId },
    });
    expect(created.status).toBe(201);
    const bySite = await call<{ organizations: Organization[] }>(`/api/v1/manage/organizations?siteId=${siteId}`);
    expect(bySite.body.organizations).toEqual([expect.objectContaining({ id: created.body.organization.id, siteId })]);
    const byName = await call<{ organizations: Organization[] }>(
      `/api/v1/manage/organizations?name=${encodeURIComponent(name.toUpperCase())}`,
    );
    expect(byName.body.organizations.map((o) => o.id)).toEqual([created.body.organization.id]);
    const one = await call<{ organization: Organization }>(
      `/api/v1/manage/organizations/${created.body.organization.id}`,
    );
    expect(one.body.organization).toMatchObject({ name, siteId });
    const missing = await call("/api/v1/manage/organizations/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
  });

  it("lists an organization's users newest first, filtered and paged by cursor without repeats", async () => {
    const org = (
      await call<{ organization: Organization }>("/api/v1/manage/organizations", {
        method: "POST",
        body: { name: unique("Users Ltd") },
      })
    ).body.organization;
    const names = ["ada", "bea", "cy", "dag", "eve"];
    for (const username of names)
      await call(`/api/v1/manage/organizations/${org.id}/users`, {
        method: "POST",
        body: { username, email: `${username}@users.test`, status: username === "cy" ? "inactive" : "active" },
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { users: User[]; nextCursor: string | null } } = await call(
        `/api/v1/manage/organizations/${org.id}/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.body.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.users.map((u) => u.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
    const byName = await call<{ users: User[] }>(`/api/v1/manage/organizations/${org.id}/users?username=ADA`);
    expect(byName.body.users.map((u) => u.username)).toEqual(["ada"]);
    const byEmail = await call<{ users: User[] }>(`/api/v1/manage/organizations/${org.id}/users?email=Bea@Users.test`);
    expect(byEmail.body.users.map((u) => u.username)).toEqual(["bea"]);
    const inactive = await call<{ users: User[] }>(`/api/v1/manage/organizations/${org.id}/users?status=inactive`);
    expect(inactive.body.users.map((u) => u.username)).toEqual(["cy"]);
    const one = await call<{ user: User }>(`/api/v1/manage/users/${byName.body.users[0]!.id}`);
    expect(one.body.user).toMatchObject({ username: "ada", email: "ada@users.test" });
  });

  it("refuses a bad cursor, limit or filter with 400 naming the query parameter", async () => {
    for (const query of ["cursor=not-a-cursor", "limit=0", "limit=101", "siteId=a%20b", "colour=red"]) {
      const res = await call<{ error: { code: string; message: string } }>(`/api/v1/manage/organizations?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(/^The query is not valid: /);
    }
  });

  it("lists the modules newest first", async () => {
    const key = unique("reads-mod")
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, "-");
    await call("/api/v1/manage/modules", { method: "POST", body: { key, name: "Reads Module" } });
    const page = await call<{ modules: { key: string }[] }>("/api/v1/manage/modules?limit=100");
    expect(page.body.modules.map((m) => m.key)).toContain(key);
  });

  it("lists a contract's API keys with their last use, never the secret", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const created = await call<{ apiKey: { id: string }; secret: string }>(
      `/api/v1/manage/contracts/${org.contract.id}/api-keys`,
      { method: "POST", body: { name: "Desktop app" } },
    );
    const list = await call<{ apiKeys: Record<string, unknown>[] }>(
      `/api/v1/manage/organizations/${org.organization.id}/api-keys`,
    );
    expect(list.body.apiKeys).toEqual([
      expect.objectContaining({ id: created.body.apiKey.id, name: "Desktop app", lastUsedAt: null }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
  });

  it("filters users by the module their profile grants and by being beyond an over-limit pool's limit", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "cm", model: "named", capacity: 3 },
        { module: "dms", model: "named", capacity: 3 },
      ],
    });
    const base = `/api/v1/manage/organizations/${f.organization.id}`;
    const profile = async (name: string, modules: string[]) =>
      (await call<{ profile: { id: string } }>(`${base}/profiles`, { method: "POST", body: { name, modules } })).body
        .profile.id;
    const cm = await profile("Case", [f.mod("cm")]);
    const dms = await profile("Docs", [f.mod("dms")]);
    for (const [username, profileId] of [
      ["ann", cm],
      ["bob", cm],
      ["cy", cm],
      ["dee", dms],
    ] as const)
      await call(`${base}/users`, {
        method: "POST",
        body: { username, email: `${username}@over.test`, profileId, credentials: "issued" },
      });
    const names = async (query: string) =>
      (await call<{ users: User[] }>(`${base}/users?${query}`)).body.users.map((u) => u.username);
    expect(await names(`module=${f.mod("cm")}`)).toEqual(["cy", "bob", "ann"]);
    expect(await names(`module=${f.mod("dms")}`)).toEqual(["dee"]);
    expect(await names("overLimit=true")).toEqual([]);
    // The vendor lowers the bound under what is held (rule 5 allows it): the last granted is over.
    await db
      .update(licensePools)
      .set({ capacity: 2 })
      .where(eq(licensePools.id, f.pool("cm").id));
    expect(await names("overLimit=true")).toEqual(["cy"]);
    expect(await names(`overLimit=false&module=${f.mod("cm")}`)).toEqual(["bob", "ann"]);
    for (const query of ["overLimit=yes", "module=Not%20A%20Key"]) {
      const res = await call<{ error: { message: string } }>(`${base}/users?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(new RegExp(`^The query is not valid: .*${query.split("=")[0]}`));
    }
  });
});
