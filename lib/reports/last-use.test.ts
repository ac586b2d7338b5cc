import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, userModuleLastUse } from "@/db/schema";
import type { Database } from "@/db/client";
import { usersPage } from "@/lib/console/manage-lists";
import { listUsersPage, parseUserFilters } from "@/lib/console/users-queries";
import { activateDevice } from "@/lib/licensing/activations";
import { createProfile } from "@/lib/licensing/profiles";
import { heartbeatSession } from "@/lib/licensing/sessions/heartbeat";
import { openSession } from "@/lib/licensing/sessions/open";
import { createUser } from "@/lib/licensing/users";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { recordLastUse } from "./last-use";

// Last use of named seats: sampled by the job leader from sessions and activations, written at
// most once an hour per user and module, shown on the users page and in the management API.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function organization() {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cad", model: "named", capacity: 5 },
      { module: "mob", model: "named", capacity: 5, activationsPerLicense: 2 },
    ],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, {
    name: "Engineers",
    modules: [f.mod("cad"), f.mod("mob")],
  });
  const user = (username: string) =>
    createUser(db, testOperator, f.organization.id, {
      username,
      email: `${username}@example.com`,
      profileId: profile.id,
      credentials: "issued",
    });
  return { ...f, ada: await user("ada"), bob: await user("bob") };
}

const lastUse = (userId: string) =>
  db.select().from(userModuleLastUse).where(eq(userModuleLastUse.userId, userId)).orderBy(userModuleLastUse.moduleId);

describe("last use of named seats", () => {
  it("is recorded from sessions and activations per module, rewritten at most once an hour", async () => {
    const f = await organization();
    const session = await openSession(db, f.key, {
      module: f.mod("cad"),
      clientType: "desktop",
      deviceId: "d1",
      username: "ada",
    });
    await activateDevice(db, f.key, { module: f.mod("mob"), fingerprint: "fp-1", platform: "mobile", username: "ada" });
    await recordLastUse(db);
    const rows = await lastUse(f.ada.id);
    expect(rows.map((r) => r.moduleId).sort()).toEqual([f.pool("cad").moduleId, f.pool("mob").moduleId].sort());
    const [live] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    const cad = rows.find((r) => r.moduleId === f.pool("cad").moduleId)!;
    expect(cad.lastUsedAt.getTime()).toBe(live!.lastHeartbeatAt.getTime());
    expect(await lastUse(f.bob.id)).toEqual([]);

    // A heartbeat within the hour changes nothing written.
    await heartbeatSession(db, f.key, session.id);
    await recordLastUse(db);
    expect((await lastUse(f.ada.id)).find((r) => r.moduleId === cad.moduleId)!.lastUsedAt).toEqual(cad.lastUsedAt);

    // Recorded over an hour before the latest heartbeat: the next run rewrites it.
    await db
      .update(userModuleLastUse)
      .set({ lastUsedAt: sql`${userModuleLastUse.lastUsedAt} - interval '2 hours'` })
      .where(and(eq(userModuleLastUse.userId, f.ada.id), eq(userModuleLastUse.moduleId, cad.moduleId)));
    await heartbeatSession(db, f.key, session.id);
    await recordLastUse(db);
    const [beat] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect((await lastUse(f.ada.id)).find((r) => r.moduleId === cad.moduleId)!.lastUsedAt).toEqual(
      beat!.lastHeartbeatAt,
    );
  });

  it("sorts and filters the users page by last use, and lists it in the management API", async () => {
    const f = await organization();
    await openSession(db, f.key, { module: f.mod("cad"), clientType: "desktop", deviceId: "d1", username: "ada" });
    await recordLastUse(db);
    const page = (params: Record<string, string>) =>
      listUsersPage(db, f.organization.id, parseUserFilters(params)).then((p) => p.rows.map((r) => r.username));

    expect(await page({ sort: "lastUsed" })).toEqual(["bob", "ada"]);
    expect(await page({ sort: "lastUsed", dir: "desc" })).toEqual(["ada", "bob"]);
    expect(await page({ unused: "30" })).toEqual(["bob"]);
    const [ada] = (await listUsersPage(db, f.organization.id, parseUserFilters({ q: "ada" }))).rows;
    expect(ada!.lastUsedAt).toBeInstanceOf(Date);

    const api = await usersPage(db, f.organization.id, { limit: 10 });
    const byName = new Map(api.rows.map((r) => [r.username, r.lastUsedAt]));
    expect(byName.get("ada")).toBeInstanceOf(Date);
    expect(byName.get("bob")).toBeNull();
  });
});
