import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { denials } from "@/db/schema";
import type { Database } from "@/db/client";
import { createApiApp } from "@/lib/api/app";
import { createProfile } from "@/lib/licensing/profiles";
import { openSession } from "@/lib/licensing/sessions/open";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { createUser } from "@/lib/licensing/users";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { refusalOf } from "@/lib/testing/refusal";
import { denialsPage, parseDenialFilter, type DenialFilter } from "./denials-queries";

// SPEC §5 "Denials": every refused acquisition as a row, filtered and keyset-paged, for the console
// and the management API; and rule 16: a refusal short on two pools is a denial on each.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

/** An organization with a concurrent pool of 1 and a user, whose refusals the tests make. */
async function refusingOrg() {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cad", moduleName: `CAD ${unique()}`, model: "concurrent", capacity: 1 },
      { module: "arc", model: "concurrent", capacity: 1 },
    ],
  });
  const profile = await createProfile(db, testOperator, f.organization.id, {
    name: "All",
    modules: [f.mod("cad"), f.mod("arc")],
  });
  const ada = await createUser(db, testOperator, f.organization.id, {
    username: "Ada",
    email: "ada@example.com",
    profileId: profile.id,
    credentials: "issued",
  });
  await openSession(db, f.key, { module: f.mod("cad"), clientType: "desktop", deviceId: "seat-holder" });
  await openSession(db, f.key, { module: f.mod("arc"), clientType: "desktop", deviceId: "seat-holder" });
  const refuse = (module: string, more: Record<string, unknown> = {}) =>
    refusalOf(openSession(db, f.key, { module, clientType: "web", deviceId: "dev-1", ...more }));
  return { ...f, ada, refuse };
}

const all = (f: { organization: { id: string } }, filter: DenialFilter = {}) =>
  denialsPage(db, f.organization.id, filter, 1000);

describe("one denial per short pool (rule 16)", () => {
  it("writes a denial on each pool when a change is short in two modules", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "cm", model: "named", capacity: 1 },
        { module: "fin", model: "named", capacity: 1 },
      ],
    });
    const both = await createProfile(db, testOperator, f.organization.id, {
      name: "Both",
      modules: [f.mod("cm"), f.mod("fin")],
    });
    const add = (username: string) =>
      createUser(db, testOperator, f.organization.id, {
        username,
        email: `${username}@example.com`,
        profileId: both.id,
        credentials: "issued",
      });
    await add("first");
    const error = await refusalOf(add("second"));
    expect(error.code).toBe("INSUFFICIENT_LICENSES");
    const rows = await db.select().from(denials).where(eq(denials.organizationId, f.organization.id));
    expect(rows.map((r) => r.poolId).sort()).toEqual([f.pool("cm").id, f.pool("fin").id].sort());
    expect(new Set(rows.map((r) => r.message))).toEqual(new Set([error.message]));
  });
});

describe("the denials list", () => {
  it("lists a refusal with its pool, user or device, client type, code and sentence", async () => {
    const f = await refusingOrg();
    const error = await f.refuse(f.mod("cad"), { username: "ada" });
    const { rows } = await all(f);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      poolId: f.pool("cad").id,
      code: error.code,
      message: error.message,
      userId: f.ada.id,
      username: "Ada",
      deviceId: "dev-1",
      clientType: "web",
    });
    expect(rows[0]!.moduleName).toMatch(/^CAD /);
  });

  it("filters by pool, code, user (id or username in any case), device and dates", async () => {
    const f = await refusingOrg();
    await f.refuse(f.mod("cad"), { username: "ada" });
    await f.refuse(f.mod("arc"), { deviceId: "dev-2" });
    await f.refuse("no-such-module");
    const ids = async (filter: DenialFilter) => (await all(f, filter)).rows.map((r) => r.poolId);
    expect(await ids({ pool: f.pool("arc").id })).toEqual([f.pool("arc").id]);
    expect(await ids({ code: "MODULE_NOT_LICENSED" })).toEqual([null]);
    expect(await ids({ user: f.ada.id })).toEqual([f.pool("cad").id]);
    expect(await ids({ user: "ADA" })).toEqual([f.pool("cad").id]);
    expect(await ids({ device: "dev-2" })).toEqual([f.pool("arc").id]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await ids({ from: today, to: today })).toHaveLength(3);
    expect(await ids({ from: tomorrow })).toHaveLength(0);
  });

  it("pages by keyset, newest first, without skipping or repeating rows that share a time", async () => {
    const f = await refusingOrg();
    // 7 rows, 3 of them at the very same instant: the cursor must tell them apart by id.
    const at = new Date(Date.now() - 60_000);
    await db.insert(denials).values(
      Array.from({ length: 7 }, (_, i) => ({
        organizationId: f.organization.id,
        kind: "session" as const,
        code: "SESSION_LIMIT_REACHED",
        message: `refusal ${i}`,
        actor: "test",
        createdAt: i < 3 ? at : new Date(at.getTime() - i * 1000),
      })),
    );
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await denialsPage(db, f.organization.id, before ? { before } : {}, 3);
      seen.push(...page.rows.map((r) => r.message));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const second = await denialsPage(db, f.organization.id, {}, 3);
    const third = await denialsPage(db, f.organization.id, { before: second.nextCursor! }, 3);
    const back = await denialsPage(db, f.organization.id, { after: third.previousCursor! }, 3);
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(third.total).toBe(7);
  });

  it("ignores a malformed filter in the URL instead of failing", () => {
    expect(parseDenialFilter({ pool: "nope", code: "DROP TABLE", from: "2026-13-40", user: "ada" })).toEqual({
      user: "ada",
    });
  });

  it("keeps one organization's denials from another's", async () => {
    const a = await refusingOrg();
    const b = await refusingOrg();
    await a.refuse(a.mod("cad"));
    expect((await all(b)).rows).toHaveLength(0);
    expect((await all(a)).rows).toHaveLength(1);
  });
});

describe("GET /api/v1/manage/organizations/{id}/denials", () => {
  it("answers the filtered denials, pages with nextCursor and refuses a bad filter", async () => {
    const f = await refusingOrg();
    await f.refuse(f.mod("cad"), { username: "ada" });
    await f.refuse(f.mod("arc"));
    const token = (await createOperatorToken(db, testOperator, unique("denials"))).secret;
    const app = createApiApp({ db: () => db });
    const get = (query: string, id = f.organization.id) =>
      app.fetch(
        new Request(`http://localhost/api/v1/manage/organizations/${id}/denials${query}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    const res = await get(`?pool=${f.pool("cad").id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { denials: { username: string; code: string }[]; nextCursor: string | null };
    expect(body.denials).toEqual([expect.objectContaining({ username: "Ada", code: "SESSION_LIMIT_REACHED" })]);
    expect(body.nextCursor).toBeNull();

    const bad = await get("?code=NOPE");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    const unknownField = await get("?colour=red");
    expect(unknownField.status).toBe(400);
    const missing = await get("", "00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(denials)
      .where(eq(denials.organizationId, f.organization.id))) as [{ n: number }];
    expect(Number(n)).toBe(2);
  });

  const apiOf = async (f: Awaited<ReturnType<typeof refusingOrg>>) => {
    const token = (await createOperatorToken(db, testOperator, unique("denials"))).secret;
    const app = createApiApp({ db: () => db });
    return (query: string) =>
      app.fetch(
        new Request(`http://localhost/api/v1/manage/organizations/${f.organization.id}/denials${query}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
  };

  it("refuses days and cursors that match the format but are no real time with a 400 naming them", async () => {
    const get = await apiOf(await refusingOrg());
    for (const [name, value] of [
      ["before", "0000-00-00T0Z_0"],
      ["after", "2026-13-45T99:99:99Z_1"],
      ["before", "2026-12-07T1Z_1"],
      ["cursor", "2026-02-30T10:00:00Z_1"],
      ["from", "0000-01-01"],
      ["to", "0000-01-01"],
      ["to", "9999-12-31"],
    ]) {
      const res = await get(`?${name}=${value}`);
      expect(res.status, `${name}=${value}`).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toMatch(new RegExp(`^The query is not valid: ${name}:`));
    }
  });

  it("names the module by its key beside its name, filters by deviceId and username and pages with cursor", async () => {
    const f = await refusingOrg();
    await f.refuse(f.mod("cad"), { username: "ada" });
    await f.refuse(f.mod("cad"));
    await f.refuse(f.mod("arc"));
    const get = await apiOf(f);
    type Page = {
      denials: { module: string; moduleName: string; username: string | null }[];
      nextCursor: string | null;
    };
    const byUser = (await (await get("?username=ADA")).json()) as Page;
    expect(byUser.denials).toEqual([expect.objectContaining({ module: f.mod("cad"), username: "Ada" })]);
    expect(byUser.denials[0]!.moduleName).toMatch(/^CAD /);
    const byDevice = (await (await get("?deviceId=dev-1")).json()) as Page;
    expect(byDevice.denials).toHaveLength(3);
    const first = (await (await get("?limit=2")).json()) as Page;
    expect(first.denials).toHaveLength(2);
    const second = (await (await get(`?limit=2&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.denials).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(((await (await get(`?limit=2&before=${first.nextCursor}`)).json()) as Page).denials).toEqual(second.denials);
  });
});
