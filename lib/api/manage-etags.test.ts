import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// ETags on the management API's records and If-Match on their PATCHes: a change applies only
// while the record is the one the client read, else 412 and nothing changes.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type Refusal = { error: { code: string } };

describe("ETag and If-Match in the management API", () => {
  it("changes a contract only while its ETag is the one read", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const url = `/api/v1/manage/contracts/${f.contract.id}`;
    const read = await call(url);
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await call(url)).headers.get("etag")).toBe(etag);
    const first = await call<{ contract: { status: string } }>(url, {
      method: "PATCH",
      body: { status: "suspended" },
      headers: { "if-match": etag },
    });
    expect(first.status).toBe(200);
    const next = first.headers.get("etag")!;
    expect(next).not.toBe(etag);
    expect((await call(url)).headers.get("etag")).toBe(next);
    const stale = await call<Refusal>(url, {
      method: "PATCH",
      body: { status: "active" },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("PRECONDITION_FAILED");
    expect((await call<{ contract: { status: string } }>(url)).body.contract.status).toBe("suspended");
    const unconditional = await call(url, { method: "PATCH", body: { status: "active" } });
    expect(unconditional.status).toBe(200);
  });

  it("changes a plan only while its ETag is the one read, and answers an organization's ETag", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const plan = await call<{ plan: { id: string } }>("/api/v1/manage/plans", {
      method: "POST",
      body: { name: unique("Etag"), modules: [{ module: f.mod("cm"), model: "concurrent", includedCapacity: 1 }] },
    });
    const url = `/api/v1/manage/plans/${plan.body.plan.id}`;
    const etag = (await call(url)).headers.get("etag")!;
    const changed = await call(url, { method: "PATCH", body: { description: "v2" }, headers: { "if-match": etag } });
    expect(changed.status).toBe(200);
    const stale = await call<Refusal>(url, {
      method: "PATCH",
      body: { description: "v3" },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect((await call<{ plan: { description: string } }>(url)).body.plan.description).toBe("v2");
    const current = changed.headers.get("etag")!;
    expect(
      (await call(url, { method: "PATCH", body: { description: "v3" }, headers: { "if-match": current } })).status,
    ).toBe(200);

    const org = await call(`/api/v1/manage/organizations/${f.organization.id}`);
    expect(org.headers.get("etag")).toMatch(/^"[\w-]+"$/);
  });
});
