import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { createUser, updateUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { listUsersPage, parseUserFilters } from "./users-queries";
import { VENDOR } from "@/lib/licensing/input";

// The users page's search finds a user by any part of the username (case folded) or
// of the email, within the organization, with the other filters; trigram indexes (pg_trgm, loaded
// into the embedded database too) serve it at 100,000 users.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

describe("users search", () => {
  it("finds users by a part of the username or the email, with the status filter, in this organization only", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const other = await makeOrganization(db, { pools: [{ module: "cm", model: "named", capacity: 5 }] });
    const add = (organizationId: string, username: string, email: string) =>
      createUser(db, testOperator, organizationId, { username, email, profileId: null, credentials: "issued" });
    await add(f.organization.id, "Zoe.Keller", "zk@north.example");
    await add(f.organization.id, "marc", "marc.zoe@south.example");
    const idle = await add(f.organization.id, "zoey", "zoey@west.example");
    await add(f.organization.id, "ann", "ann@east.example");
    await add(other.organization.id, "zoe", "zoe@other.example");
    await updateUser(db, testOperator, idle.id, { status: "inactive" }, VENDOR);

    const found = async (query: Record<string, string>) =>
      (await listUsersPage(db, f.organization.id, parseUserFilters(query))).rows.map((r) => r.username).sort();
    expect(await found({ q: "zoe" })).toEqual(["marc", "Zoe.Keller", "zoey"].sort());
    expect(await found({ q: "ZOE", status: "active" })).toEqual(["marc", "Zoe.Keller"].sort());
    expect(await found({ q: "east.ex" })).toEqual(["ann"]);
    expect(await found({ q: "nobody" })).toEqual([]);
  });

  it("has the trigram indexes the search needs", async () => {
    const indexes = rowsOf<{ indexname: string; indexdef: string }>(
      await db.execute(
        sql`select indexname, indexdef from pg_indexes where tablename = 'users' and indexdef like '%gin_trgm_ops%'`,
      ),
    );
    expect(indexes.map((i) => i.indexname).sort()).toEqual(["users_email_trgm_idx", "users_username_key_trgm_idx"]);
  });
});
