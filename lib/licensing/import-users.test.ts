import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, denials, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { checkImport, importUsers, type ImportRowInput } from "./import-users";
import { createProfile } from "./profiles";
import { createUser } from "./users";
import { poolUsages } from "./usage";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function org(capacity = 2) {
  const f = await makeOrganization(db, {
    pools: [{ module: "cm", moduleName: "Case Management", model: "named", capacity }],
  });
  await createProfile(db, testOperator, f.organization.id, { name: "Case handlers", modules: [f.mod("cm")] });
  await createProfile(db, testOperator, f.organization.id, { name: "Nothing", modules: [] });
  const count = async () => (await db.select().from(users).where(eq(users.organizationId, f.organization.id))).length;
  const inUse = async () => (await poolUsages(db, { contractId: f.contract.id }))[0]!.inUse;
  return { ...f, count, inUse };
}

const rows = (...r: Omit<ImportRowInput, "line">[]): ImportRowInput[] => r.map((row, i) => ({ line: i + 2, ...row }));

describe("CSV import (all or nothing, rule 2)", () => {
  it("reports each row's errors and writes nothing while checking", async () => {
    const f = await org();
    await createUser(db, testOperator, f.organization.id, { username: "Existing", email: "e@example.com" });
    const check = await checkImport(
      db,
      f.organization.id,
      rows(
        { username: "ok.one", email: "ok1@example.com", profile: "case handlers", credentials: "issued" },
        { username: "bad.mail", email: "not-an-email" },
        { username: "ghost", email: "g@example.com", profile: "Ghosts" },
        { username: "OK.ONE", email: "dup@example.com" },
        { username: "existing", email: "x@example.com" },
        { username: "late", email: "l@example.com", validTo: "31/12/2030", status: "gone" },
      ),
    );
    expect(check.rows.map((r) => r.ok)).toEqual([true, false, false, false, false, false]);
    expect(check.rows[1]!.errors).toEqual(["The email is not a valid address"]);
    expect(check.rows[2]!.errors).toEqual(['There is no profile named "Ghosts"']);
    expect(check.rows[3]!.errors).toEqual(['The username "OK.ONE" is already on line 2 of this file']);
    expect(check.rows[4]!.errors).toEqual(['The username "existing" is already taken in this organization']);
    expect(check.rows[5]!.errors).toHaveLength(2);
    expect(check.canImport).toBe(false);
    expect(await f.count()).toBe(1);
  });

  it("shows the licence impact per module before writing, and refuses the whole file when short", async () => {
    const f = await org(2);
    const file = rows(
      { username: "a", email: "a@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "b", email: "b@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "c", email: "c@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "d", email: "d@example.com", profile: "Case handlers", credentials: "none" },
      { username: "e", email: "e@example.com", profile: "Nothing", credentials: "issued" },
    );
    const check = await checkImport(db, f.organization.id, file);
    expect(check.rows.every((r) => r.ok)).toBe(true);
    expect(check.impact).toEqual([
      { module: f.mod("cm"), moduleName: "Case Management", needed: 3, available: 2, ok: false },
    ]);
    expect(check.canImport).toBe(false);
    expect(await f.count()).toBe(0);

    const e = await refusalOf(importUsers(db, testOperator, f.organization.id, file));
    expect(e.code).toBe("INSUFFICIENT_LICENSES");
    expect(e.message).toContain("Case Management: 3 needed, 2 available");
    expect(await f.count()).toBe(0);
    expect(await db.select().from(denials).where(eq(denials.organizationId, f.organization.id))).toHaveLength(1);
  });

  it("creates every row in one transaction when the file is clean and the seats are there", async () => {
    const f = await org(2);
    const file = rows(
      { username: "a", email: "a@example.com", profile: "Case handlers", credentials: "issued", validTo: "2999-01-01" },
      { username: "b", email: "b@example.com", profile: "", status: "inactive" },
      { username: "c", email: "c@example.com", profile: "Case handlers", credentials: "issued", status: "inactive" },
    );
    const check = await checkImport(db, f.organization.id, file);
    expect(check.impact).toEqual([expect.objectContaining({ needed: 1, available: 2, ok: true })]);
    expect(check.canImport).toBe(true);
    expect(await importUsers(db, testOperator, f.organization.id, file)).toEqual({ created: 3 });
    expect(await f.count()).toBe(3);
    expect(await f.inUse()).toBe(1);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, f.organization.id));
    expect(audit.filter((a) => a.action === "user.import")).toHaveLength(1);
  });

  it("refuses a file with a bad row with its row report, writing nothing", async () => {
    const f = await org();
    const e = await refusalOf(
      importUsers(
        db,
        testOperator,
        f.organization.id,
        rows({ username: "a", email: "a@example.com" }, { username: "", email: "b@example.com" }),
      ),
    );
    expect(e.code).toBe("INVALID");
    expect(e.message).toBe("1 of 2 rows have errors; nothing was imported.");
    expect(e.details.rows).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: false, errors: ["The username is missing"] }),
    ]);
    expect(await f.count()).toBe(0);
  });

  it("refuses an empty file", async () => {
    const f = await org();
    expect((await refusalOf(checkImport(db, f.organization.id, []))).message).toBe("The file has no user rows.");
  });
});
