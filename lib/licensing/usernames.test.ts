import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { denials, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { refoldUsernameKeys } from "@/db/username-keys";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";
import { refusalOf } from "@/lib/testing/refusal";
import { scimClient } from "@/lib/testing/scim";
import { recordRejectedAcquisition } from "./denials";
import { checkImport, importUsers } from "./import-users";
import { createProfile } from "./profiles";
import { openSession } from "./sessions/open";
import { createUser } from "./users";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

async function org() {
  const f = await makeOrganization(db, { pools: [{ module: "arch", model: "concurrent", capacity: 5 }] });
  const profile = await createProfile(db, testOperator, f.organization.id, { name: "All", modules: [f.mod("arch")] });
  const add = (username: string) =>
    createUser(db, testOperator, f.organization.id, {
      username,
      email: "someone@example.test",
      profileId: profile.id,
      credentials: "issued",
    });
  return { ...f, add };
}

describe("rule 23: usernames compare by Unicode case folding, on both databases", () => {
  it("refuses b\\u200bob next to bob: invisible characters are refused, not stored", async () => {
    const f = await org();
    await f.add("bob");
    const e = await refusalOf(f.add("b\u200bob"));
    expect(e.code).toBe("INVALID");
    expect(e.message).toContain("U+200B");
  });

  it.each([
    ["Straße", "STRASSE"],
    ["strasse", "STRAẞE"],
    ["\u00c9lodie", "E\u0301LODIE"],
    ["Οδυσσευς", "ΟΔΥΣΣΕΥΣ"],
    ["οδυσσευσ", "Οδυσσευς"],
  ])("treats %s and %s as one username", async (first, second) => {
    const f = await org();
    await f.add(first);
    expect((await refusalOf(f.add(second))).code).toBe("USERNAME_TAKEN");
    // The client API finds the user under either spelling.
    const opened = await openSession(db, f.key, {
      module: f.mod("arch"),
      clientType: "desktop",
      deviceId: "pc",
      username: second,
    });
    expect(opened.id).toBeTruthy();
  });

  it("keeps İzmir and Izmir apart (Unicode's default folding), the same on PGlite and PostgreSQL", async () => {
    const f = await org();
    await f.add("İzmir");
    await f.add("Izmir");
    const keys = await db
      .select({ key: users.usernameKey })
      .from(users)
      .where(eq(users.organizationId, f.organization.id));
    expect(keys.map((k) => k.key).sort()).toEqual(["izmir", "i\u0307zmir"].sort());
  });

  it("reports a CSV import's unclean and case-folded duplicate usernames row by row", async () => {
    const f = await org();
    await f.add("Straße");
    const file = [
      { username: "b\u200bob", email: "b@example.test" },
      { username: "nul\u0000", email: "n@example.test" },
      { username: "lone\ud800", email: "l@example.test" },
      { username: "İzmir", email: "i1@example.test" },
      { username: "Izmir", email: "i2@example.test" },
      { username: "\u00c9lodie", email: "e1@example.test" },
      { username: "E\u0301lodie", email: "e2@example.test" },
      { username: "STRASSE", email: "s@example.test" },
    ].map((r, i) => ({ line: i + 2, ...r }));
    const check = await checkImport(db, f.organization.id, file);
    expect(check.rows.map((r) => r.ok)).toEqual([false, false, false, true, true, true, false, false]);
    expect(check.rows[0]!.errors).toEqual([expect.stringContaining("U+200B")]);
    expect(check.rows[1]!.errors).toEqual([expect.stringContaining("U+0000")]);
    expect(check.rows[2]!.errors).toEqual([expect.stringContaining("U+D800")]);
    expect(check.rows[6]!.errors).toEqual([expect.stringContaining("is already on line 7")]);
    expect(check.rows[7]!.errors).toEqual([expect.stringContaining("already taken")]);
    // The import takes the three clean rows and skips the five others with their reasons.
    const result = await importUsers(db, testOperator, f.organization.id, file);
    expect(result.created).toBe(3);
    expect(result.skipped.map((r) => r.line)).toEqual([2, 3, 4, 8, 9]);
  });

  it("refolds keys the migration backfilled with lower(username)", async () => {
    const f = await org();
    const user = await f.add("Straße");
    await db.update(users).set({ usernameKey: "straße" }).where(eq(users.id, user.id));
    await refoldUsernameKeys(db);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.usernameKey).toBe("strasse");
  });
});

describe("rule 23: a username can't imitate another with look-alike letters", () => {
  const lookAlike = "\u0430nna.keller"; // a Cyrillic а, then Latin letters
  const sentence = 'The username mixes Cyrillic and Latin letters ("\u0430", U+0430, is Cyrillic)';

  it("refuses a mixed-script username wherever users are made: console and API create, CSV import, SCIM create and rename", async () => {
    const f = await org();
    await f.add("anna.keller");
    // The engine's create, which the console action and the management API both call.
    const e = await refusalOf(f.add(lookAlike));
    expect(e.code).toBe("INVALID");
    expect(e.message).toContain(sentence);

    const api = await manageApi(db);
    const created = await api<{ error: { message: string } }>(
      `/api/v1/manage/organizations/${f.organization.id}/users`,
      {
        method: "POST",
        body: { username: lookAlike, email: "anna@example.test" },
      },
    );
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain(sentence);

    const check = await checkImport(db, f.organization.id, [
      { line: 2, username: lookAlike, email: "a@example.test" },
      { line: 3, username: "\u0410\u043d\u043d\u0430", email: "b@example.test" }, // Анна, all Cyrillic
    ]);
    expect(check.rows.map((r) => r.errors)).toEqual([[expect.stringContaining(sentence)], []]);

    const scim = await scimClient(db, f.organization.id);
    const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    const posted = await scim.call("POST", "/Users", {
      schemas: [USER],
      userName: lookAlike,
      emails: [{ value: "c@example.test" }],
    });
    expect(posted.status).toBe(400);
    expect(posted.body.detail).toContain(sentence);
    const plain = await scim.call("POST", "/Users", {
      schemas: [USER],
      userName: "dmitri",
      emails: [{ value: "d@example.test" }],
    });
    const renamed = await scim.call("PUT", `/Users/${plain.body.id}`, { schemas: [USER], userName: "dmitr\u0456" });
    expect(renamed.status).toBe(400);

    const names = await db
      .select({ username: users.username })
      .from(users)
      .where(eq(users.organizationId, f.organization.id));
    expect(names.map((n) => n.username).sort()).toEqual(["anna.keller", "dmitri"]);
  });

  it("keeps names of one script, with digits, punctuation, accents, and Han with kana", async () => {
    const f = await org();
    const names = ["Анна.Петрова-2", "Οδυσσευς_1", "José-María.O'Neil", "山田たろう", "김철수"];
    for (const name of names) await f.add(name);
    const kept = await db
      .select({ username: users.username })
      .from(users)
      .where(eq(users.organizationId, f.organization.id));
    expect(kept.map((k) => k.username).sort()).toEqual([...names].sort());
  });
});

describe("rule 24: a refusal is always recorded", () => {
  it("records an acquisition refused before the engine ran, keeping what PostgreSQL can store", async () => {
    const f = await org();
    await recordRejectedAcquisition(
      db,
      f.key,
      "session",
      { module: "x\u0000", deviceId: "pc\u0000-1", username: "bo\ud800b" },
      {
        code: "VALIDATION_FAILED",
        message: "deviceId: bad",
        details: { issues: [{ path: "deviceId", message: "a\u0000" }] },
      },
    );
    await recordRejectedAcquisition(db, f.key, "activation", "not an object", {
      code: "VALUE_OUT_OF_RANGE",
      message: "weight: too big",
    });
    const rows = await db
      .select()
      .from(denials)
      .where(
        and(
          eq(denials.organizationId, f.organization.id),
          sql`${denials.code} in ('VALIDATION_FAILED', 'VALUE_OUT_OF_RANGE')`,
        ),
      )
      .orderBy(denials.id);
    expect(rows).toMatchObject([
      {
        kind: "session",
        code: "VALIDATION_FAILED",
        deviceId: "pc-1",
        username: "bo\ufffdb",
        contractId: f.contract.id,
      },
      { kind: "activation", code: "VALUE_OUT_OF_RANGE", deviceId: null, username: null },
    ]);
  });
});
