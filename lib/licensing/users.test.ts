import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, denials, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { adminOf, makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { createProfile, deleteProfile, previewProfileChange, updateProfile } from "./profiles";
import { bulkUpdateUsers, createUser, deleteUser, updateUser } from "./users";
import { poolUsages } from "./usage";
import { VENDOR } from "./input";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function namedOrg(capacity = 3, extra: Record<string, unknown> = {}) {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cm", moduleName: `Case Management ${unique()}`, model: "named", capacity, ...extra },
      { module: "fin", model: "named", capacity: 10 },
    ],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, {
    name: "Caseworker",
    modules: [f.mod("cm")],
  });
  const empty = await createProfile(db, testOperator, f.organization.id, { name: "Nothing", modules: [] });
  const add = (name: string, more: Record<string, unknown> = {}) =>
    createUser(db, testOperator, f.organization.id, {
      username: name,
      email: `${name}@example.com`,
      profileId: profile.id,
      credentials: "issued",
      ...more,
    });
  const inUse = async () =>
    (await poolUsages(db, { contractId: f.contract.id })).find((p) => p.module === f.mod("cm"))!.inUse;
  return { ...f, profile, empty, add, inUse };
}

describe("named seats (rules 1–3)", () => {
  it("counts a user exactly when active, credentials issued, valid and granted the module", async () => {
    const f = await namedOrg(10);
    await f.add("a");
    await f.add("b", { status: "inactive" });
    await f.add("c", { credentials: "none" });
    await f.add("d", { validTo: "2000-01-01" });
    await f.add("e", { profileId: f.empty.id });
    await f.add("f", { validTo: new Date().toISOString().slice(0, 10) });
    expect(await f.inUse()).toBe(2);
  });

  it("refuses a 4th seat on 3 with the module named, needed and available, and writes a denial", async () => {
    const f = await namedOrg(3);
    for (const n of ["a", "b", "c"]) await f.add(n);
    const e = await refusalOf(f.add("d"));
    expect(e.code).toBe("INSUFFICIENT_LICENSES");
    expect(e.message).toContain(": 1 needed, 0 available");
    expect(e.details.shortages).toEqual([expect.objectContaining({ module: f.mod("cm"), needed: 1, available: 0 })]);
    expect(await db.select().from(users).where(eq(users.organizationId, f.organization.id))).toHaveLength(3);
    const rows = await db.select().from(denials).where(eq(denials.organizationId, f.organization.id));
    expect(rows.map((r) => [r.kind, r.code])).toEqual([["seat", "INSUFFICIENT_LICENSES"]]);
  });

  it("refuses USERNAME_TAKEN case-insensitively", async () => {
    const f = await namedOrg();
    await f.add("Alice", { credentials: "none" });
    expect((await refusalOf(f.add("alice", { credentials: "none" }))).code).toBe("USERNAME_TAKEN");
  });

  it("refuses activating a user, issuing credentials or moving validTo forward when short", async () => {
    const f = await namedOrg(1);
    await f.add("a");
    const b = await f.add("b", { status: "inactive" });
    const c = await f.add("c", { credentials: "none" });
    const d = await f.add("d", { validTo: "2000-01-01" });
    expect((await refusalOf(updateUser(db, testOperator, b.id, { status: "active" }, VENDOR))).code).toBe(
      "INSUFFICIENT_LICENSES",
    );
    expect((await refusalOf(updateUser(db, testOperator, c.id, { credentials: "issued" }, VENDOR))).code).toBe(
      "INSUFFICIENT_LICENSES",
    );
    expect((await refusalOf(updateUser(db, testOperator, d.id, { validTo: null }, VENDOR))).code).toBe(
      "INSUFFICIENT_LICENSES",
    );
    expect(await f.inUse()).toBe(1);
  });

  it("frees seats on deactivation, credential revocation, an empty profile and deletion, capacity unchanged", async () => {
    const f = await namedOrg(4);
    const [a, b, c, d] = [await f.add("a"), await f.add("b"), await f.add("c"), await f.add("d")];
    await updateUser(db, testOperator, a.id, { status: "inactive" }, VENDOR);
    await updateUser(db, testOperator, b.id, { credentials: "revoked" }, VENDOR);
    await updateUser(db, testOperator, c.id, { profileId: f.empty.id }, VENDOR);
    await deleteUser(db, testOperator, d.id, VENDOR);
    const [usage] = (await poolUsages(db, { contractId: f.contract.id })).filter((p) => p.module === f.mod("cm"));
    expect(usage).toMatchObject({ inUse: 0, capacity: 4 });
  });

  it("refuses adding a module to a profile whose members would exceed it, with a preview first", async () => {
    const f = await namedOrg(10);
    const other = await createProfile(db, testOperator, f.organization.id, { name: "Finance", modules: [] });
    for (let i = 0; i < 12; i++) await f.add(`u${i}`, { profileId: other.id });
    const preview = await previewProfileChange(db, other.id, [f.mod("cm"), f.mod("fin")], VENDOR);
    expect(preview.map((p) => [p.needed, p.available, p.ok])).toEqual(expect.arrayContaining([[12, 10, false]]));
    const e = await refusalOf(updateProfile(db, testOperator, other.id, { modules: [f.mod("cm")] }, VENDOR));
    expect(e.message).toContain("12 needed, 10 available");
    expect(await f.inUse()).toBe(0);
  });

  it("moves members of a deleted profile to no profile, freeing their seats", async () => {
    const f = await namedOrg(3);
    await f.add("a");
    await deleteProfile(db, testOperator, f.profile.id, VENDOR);
    expect(await f.inUse()).toBe(0);
  });

  it("applies bulk changes all-or-nothing", async () => {
    const f = await namedOrg(2);
    const a = await f.add("a", { credentials: "none" });
    const b = await f.add("b", { credentials: "none" });
    const c = await f.add("c", { credentials: "none" });
    const e = await refusalOf(
      bulkUpdateUsers(db, testOperator, f.organization.id, [a.id, b.id, c.id], { credentials: "issued" }),
    );
    expect(e.message).toContain("3 needed, 2 available");
    expect(await f.inUse()).toBe(0);
    expect(await bulkUpdateUsers(db, testOperator, f.organization.id, [a.id, b.id], { credentials: "issued" })).toEqual(
      { updated: 2 },
    );
    expect(await f.inUse()).toBe(2);
    await bulkUpdateUsers(db, testOperator, f.organization.id, [a.id, b.id, c.id], { status: "inactive" });
    expect(await f.inUse()).toBe(0);
  });

  it("answers NOT_FOUND for another organization's user and records every change in the audit log", async () => {
    const f = await namedOrg();
    const other = await namedOrg();
    const a = await f.add("a");
    expect(
      (await refusalOf(updateUser(db, adminOf(other.organization.id), a.id, { status: "inactive" }, other.scope))).code,
    ).toBe("NOT_FOUND");
    await updateUser(db, adminOf(f.organization.id), a.id, { email: "new@example.com" }, f.scope);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, a.id)).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["user.create", "user.update"]);
    expect(events[1]!.before).toMatchObject({ email: "a@example.com" });
    expect(events[1]!.after).toMatchObject({ email: "new@example.com" });
  });

  it("shows a pool over limit when a vendor lowers capacity bounds below use (rule 5)", async () => {
    const f = await namedOrg(3, { minCapacity: 0 });
    for (const n of ["a", "b", "c"]) await f.add(n);
    const { updatePool } = await import("./contracts");
    const e = await refusalOf(updatePool(db, testOperator, f.contract.id, f.mod("cm"), { capacity: 2 }, VENDOR));
    expect(e.code).toBe("CAPACITY_BELOW_USAGE");
    expect(e.details).toMatchObject({ inUse: 3, mustFree: 1 });
    expect((e.details.holders as unknown[]).length).toBe(3);
    expect(
      (
        await refusalOf(
          updatePool(db, testOperator, f.contract.id, f.mod("cm"), { capacity: 99, maxCapacity: 50 }, VENDOR),
        )
      ).code,
    ).toBe("CAPACITY_OUT_OF_BOUNDS");
  });
});
