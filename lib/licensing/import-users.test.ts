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

describe("CSV import (the good rows, rule 2)", () => {
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
    expect(check.validRows).toBe(1);
    expect(check.canImport).toBe(true);
    expect(check.rows[1]!.cells).toEqual({
      username: "bad.mail",
      email: "not-an-email",
      profile: undefined,
      status: undefined,
      credentials: undefined,
      validTo: undefined,
      manager: undefined,
    });
    expect(await f.count()).toBe(1);
  });

  it("marks the rows past the seats left, imports the others and hands the skipped rows back", async () => {
    const f = await org(2);
    const file = rows(
      { username: "a", email: "a@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "b", email: "b@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "c", email: "c@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "d", email: "d@example.com", profile: "Case handlers", credentials: "none" },
      { username: "e", email: "e@example.com", profile: "Nothing", credentials: "issued" },
      { username: "f", email: "not-an-email" },
    );
    const check = await checkImport(db, f.organization.id, file);
    expect(check.rows.map((r) => r.ok)).toEqual([true, true, false, true, true, false]);
    expect(check.rows[2]!.errors).toEqual([
      "Not enough Case Management licences: the 2 available go to the rows above",
    ]);
    expect(check.impact).toEqual([
      { module: f.mod("cm"), moduleName: "Case Management", needed: 3, available: 2, ok: false },
    ]);
    expect(check.validRows).toBe(4);
    expect(await f.count()).toBe(0);

    const result = await importUsers(db, testOperator, f.organization.id, file);
    expect(result.created).toBe(4);
    expect(result.skipped.map((r) => [r.line, r.cells.username, r.errors.length])).toEqual([
      [4, "c", 1],
      [7, "f", 1],
    ]);
    expect(await f.count()).toBe(4);
    expect(await f.inUse()).toBe(2);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, f.organization.id));
    expect(audit.find((a) => a.action === "user.import")!.after).toMatchObject({ created: 4, skipped: 2 });
  });

  it("refuses a file whose every well-formed row is short of seats, with the shortage and a denial", async () => {
    const f = await org(1);
    const holder = { username: "holder", email: "h@example.com", profile: "Case handlers", credentials: "issued" };
    expect((await importUsers(db, testOperator, f.organization.id, rows(holder))).created).toBe(1);
    const file = rows(
      { username: "a", email: "a@example.com", profile: "Case handlers", credentials: "issued" },
      { username: "b", email: "b@example.com", profile: "Case handlers", credentials: "issued" },
    );
    const check = await checkImport(db, f.organization.id, file);
    expect(check.rows[0]!.errors).toEqual(["Not enough Case Management licences: none is available"]);
    expect(check.canImport).toBe(false);

    const e = await refusalOf(importUsers(db, testOperator, f.organization.id, file));
    expect(e.code).toBe("INSUFFICIENT_LICENSES");
    expect(e.message).toContain("Case Management: 2 needed, 0 available");
    expect(await f.count()).toBe(1);
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
    expect(await importUsers(db, testOperator, f.organization.id, file)).toEqual({ created: 3, skipped: [] });
    expect(await f.count()).toBe(3);
    expect(await f.inUse()).toBe(1);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.organizationId, f.organization.id));
    expect(audit.filter((a) => a.action === "user.import")).toHaveLength(1);
  });

  it("refuses a file none of whose rows can be created, with its row report, writing nothing", async () => {
    const f = await org();
    const e = await refusalOf(
      importUsers(
        db,
        testOperator,
        f.organization.id,
        rows({ username: "", email: "a@example.com" }, { username: "b", email: "b" }),
      ),
    );
    expect(e.code).toBe("INVALID");
    expect(e.message).toBe("None of the 2 rows can be imported; nothing was imported.");
    expect(e.details.rows).toEqual([
      expect.objectContaining({ ok: false, errors: ["The username is missing"] }),
      expect.objectContaining({ ok: false, errors: ["The email is not a valid address"] }),
    ]);
    expect(await f.count()).toBe(0);
  });

  it("refuses an empty file", async () => {
    const f = await org();
    expect((await refusalOf(checkImport(db, f.organization.id, []))).message).toBe("The file has no user rows.");
  });

  it("sets managers from the manager column: users of the organization or of the file, never themselves or a cycle", async () => {
    const f = await org(10);
    const org_ = f.organization.id;
    const mia = await createUser(db, testOperator, org_, { username: "Mia", email: "mia@example.com" });
    const file = rows(
      { username: "ann", email: "ann@example.com", manager: "mia" }, // an existing user, any case
      { username: "bo", email: "bo@example.com", manager: "cy" }, // a later row of the file
      { username: "cy", email: "cy@example.com", manager: "ann" },
      { username: "self", email: "self@example.com", manager: "SELF" },
      { username: "dag", email: "dag@example.com", manager: "eve" }, // dag → eve → dag
      { username: "eve", email: "eve@example.com", manager: "dag" },
      { username: "fay", email: "fay@example.com", manager: "nobody" },
      { username: "gus", email: "gus@example.com", manager: "fay" }, // fay is refused, so gus is too
    );
    const check = await checkImport(db, org_, file);
    expect(check.rows.map((r) => [r.username, r.ok])).toEqual([
      ["ann", true],
      ["bo", true],
      ["cy", true],
      ["self", false],
      ["dag", false],
      ["eve", false],
      ["fay", false],
      ["gus", false],
    ]);
    expect(check.rows[3]!.errors).toEqual(["A user can't be their own manager"]);
    expect(check.rows[4]!.errors).toEqual(["The managers of this row and line 7 come back round to it (a cycle)"]);
    expect(check.rows[6]!.errors).toEqual([
      'There is no user named "nobody" in this organization or this file to be the manager',
    ]);
    expect(check.rows[7]!.errors).toEqual(['The manager "fay" on line 8 is not imported']);

    const result = await importUsers(db, testOperator, org_, file);
    expect(result.created).toBe(3);
    const created = await db
      .select({ id: users.id, username: users.username, managerId: users.managerId })
      .from(users)
      .where(eq(users.organizationId, org_));
    const id = Object.fromEntries(created.map((u) => [u.username, u.id]));
    expect(Object.fromEntries(created.map((u) => [u.username, u.managerId]))).toEqual({
      Mia: null,
      ann: mia.id,
      bo: id.cy,
      cy: id.ann,
    });
  });
});
