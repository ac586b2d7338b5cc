import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// Contracts read back through the management API: filtered by organization, status as people see
// it and module, newest first, keyset-paged; the same typed record as the writes answer.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type Pool = { module: string; capacity: number; contractId: string };
type Contract = { id: string; organizationId: string; status: string; pools: Pool[] };
type Page = { contracts: Contract[]; nextCursor: string | null };

const day = 86_400_000;

describe("contracts in the management API", () => {
  it("lists an organization's contracts by status as people see it, by module, and pages them", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 3 }] });
    const cm = org.pool("cm").module;
    const other = await makeOrganization(db, { pools: [{ module: "dms", model: "named", capacity: 1 }] });
    const dms = other.pool("dms").module;
    const write = (body: unknown) => call<{ contract: Contract }>("/api/v1/manage/contracts", { method: "POST", body });
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    const upcoming = await write({
      organizationId: org.organization.id,
      startsAt: iso(Date.now() + 400 * day),
      pools: [{ module: dms, model: "named", capacity: 2 }],
    });
    expect(upcoming.status).toBe(201);
    expect(upcoming.body.contract).toMatchObject({ status: "upcoming", pools: [{ module: dms, capacity: 2 }] });
    const suspended = await write({
      organizationId: org.organization.id,
      endsAt: iso(Date.now() + 300 * day),
      pools: [{ module: dms, model: "named", capacity: 1 }],
    });
    const changed = await call<{ contract: Contract & { sessionsEnded: number } }>(
      `/api/v1/manage/contracts/${suspended.body.contract.id}`,
      { method: "PATCH", body: { status: "suspended" } },
    );
    expect(changed.body.contract).toMatchObject({ status: "suspended", sessionsEnded: 0 });

    const list = (query: string) =>
      call<Page>(`/api/v1/manage/contracts?organizationId=${org.organization.id}&${query}`);
    const ids = async (query: string) => (await list(query)).body.contracts.map((c) => c.id);
    expect(await ids("")).toEqual([suspended.body.contract.id, upcoming.body.contract.id, org.contract.id]);
    expect(await ids("status=active")).toEqual([org.contract.id]);
    expect(await ids("status=upcoming")).toEqual([upcoming.body.contract.id]);
    expect(await ids("status=suspended")).toEqual([suspended.body.contract.id]);
    expect(await ids("status=expired")).toEqual([]);
    expect(await ids(`module=${cm}`)).toEqual([org.contract.id]);
    expect(await ids(`module=${dms}`)).toEqual([suspended.body.contract.id, upcoming.body.contract.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await list(`limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.body.contracts.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.contracts.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(await ids(""));

    const byModule = await call<Page>(`/api/v1/manage/contracts?module=${dms}&limit=100`);
    expect(byModule.body.contracts.map((c) => c.organizationId)).toContain(other.organization.id);
    expect(byModule.body.contracts.every((c) => c.pools.some((p) => p.module === dms))).toBe(true);
  });

  it("shows a contract past its last day as expired, in the record and the filter", async () => {
    const org = await makeOrganization(db, {
      pools: [{ module: "cm", model: "concurrent", capacity: 1 }],
      startsAt: new Date(Date.now() - 60 * day),
      endsAt: new Date(Date.now() - 2 * day),
    });
    const one = await call<{ contract: Contract }>(`/api/v1/manage/contracts/${org.contract.id}`);
    expect(one.body.contract).toMatchObject({ id: org.contract.id, status: "expired" });
    const expired = await call<Page>(`/api/v1/manage/contracts?organizationId=${org.organization.id}&status=expired`);
    expect(expired.body.contracts.map((c) => c.id)).toEqual([org.contract.id]);
  });

  it("gets a contract with its typed pools, and answers 404 for one that isn't there", async () => {
    const org = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 4 }] });
    const one = await call<{ contract: Contract }>(`/api/v1/manage/contracts/${org.contract.id}`);
    expect(one.status).toBe(200);
    expect(one.body.contract).toMatchObject({
      organizationId: org.organization.id,
      status: "active",
      pools: [{ module: org.pool("cm").module, capacity: 4, contractId: org.contract.id }],
    });
    const pool = await call<{ pool: Pool }>(
      `/api/v1/manage/contracts/${org.contract.id}/pools/${org.pool("cm").module}`,
      {
        method: "PATCH",
        body: { capacity: 5 },
      },
    );
    expect(pool.body.pool).toMatchObject({ capacity: 5, module: org.pool("cm").module });
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"])
      expect((await call(`/api/v1/manage/contracts/${id}`)).status).toBe(404);
  });

  it("refuses a bad filter with 400 naming the query parameter", async () => {
    for (const [query, name] of [
      ["status=pending", "status"],
      ["organizationId=nope", "organizationId"],
      ["module=Not%20A%20Key", "module"],
      ["cursor=x", "cursor"],
      [`limit=${unique("n")}`, "limit"],
    ]) {
      const res = await call<{ error: { message: string } }>(`/api/v1/manage/contracts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(new RegExp(`^The query is not valid: .*${name}`));
    }
  });
});
