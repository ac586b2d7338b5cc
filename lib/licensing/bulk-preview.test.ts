import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { previewBulkUserChange } from "./bulk-preview";
import { createProfile } from "./profiles";
import { poolUsages } from "./usage";
import { bulkUpdateUsers, createUser } from "./users";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function organizationWithUsers(capacity: number, users: number) {
  const f = await makeOrganization(db, {
    pools: [{ module: "cm", moduleName: `Case Management ${unique()}`, model: "named", capacity }],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, { name: "Case", modules: [f.mod("cm")] });
  const ids: string[] = [];
  for (let i = 0; i < users; i++) {
    const user = await createUser(db, testOperator, f.organization.id, {
      username: `u${i}`,
      email: `u${i}@example.com`,
      profileId: profile.id,
      credentials: "none",
    });
    ids.push(user.id);
  }
  const inUse = async () => (await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse;
  return { ...f, profile, ids, inUse };
}

describe("the preview of a bulk change", () => {
  it("shows issuing credentials to 3 users on 2 free seats as 3 needed, 2 available, and changes nothing", async () => {
    const f = await organizationWithUsers(2, 3);
    const impact = await previewBulkUserChange(db, f.organization.id, f.ids, { credentials: "issued" });
    expect(impact).toEqual([expect.objectContaining({ module: f.mod("cm"), needed: 3, available: 2, ok: false })]);
    expect(await f.inUse()).toBe(0);
    expect(await previewBulkUserChange(db, f.organization.id, f.ids.slice(0, 2), { credentials: "issued" })).toEqual([
      expect.objectContaining({ needed: 2, available: 2, ok: true }),
    ]);
  });

  it("shows the seats a change frees as negative and omits modules it does not touch", async () => {
    const f = await organizationWithUsers(5, 2);
    const none = await previewBulkUserChange(db, f.organization.id, f.ids, { status: "inactive" });
    expect(none).toEqual([]);
    await bulkUpdateUsers(db, testOperator, f.organization.id, f.ids, { credentials: "issued" });
    expect(await previewBulkUserChange(db, f.organization.id, f.ids, { profileId: null })).toEqual([
      expect.objectContaining({ needed: -2, ok: true }),
    ]);
    expect(await f.inUse()).toBe(2);
  });
});
