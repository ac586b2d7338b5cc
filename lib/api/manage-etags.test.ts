import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
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

describe("Changing an organization through the management API", () => {
  it("changes its name, site ID and time zone only while its ETag is the one read", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const url = `/api/v1/manage/organizations/${f.organization.id}`;
    const etag = (await call(url)).headers.get("etag")!;
    const siteId = unique("SITE")
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, "-");
    const changed = await call<{ organization: { name: string; siteId: string; timeZone: string } }>(url, {
      method: "PATCH",
      body: { name: "Renamed AS", siteId },
      headers: { "if-match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.organization).toMatchObject({ name: "Renamed AS", siteId, timeZone: "UTC" });
    const read = await call<{ organization: unknown }>(url);
    expect(read.headers.get("etag")).toBe(changed.headers.get("etag"));
    expect(read.body.organization).toEqual(changed.body.organization);

    const stale = await call<Refusal>(url, { method: "PATCH", body: { name: "Lost" }, headers: { "if-match": etag } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("PRECONDITION_FAILED");
    expect((await call<{ organization: { name: string } }>(url)).body.organization.name).toBe("Renamed AS");

    const other = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    const taken = await call<Refusal>(`/api/v1/manage/organizations/${other.organization.id}`, {
      method: "PATCH",
      body: { siteId },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("CONFLICT");
    const badZone = await call<Refusal>(url, { method: "PATCH", body: { timeZone: "Mars/Olympus" } });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.code).toBe("VALIDATION_FAILED");
    expect((await call(url)).headers.get("etag")).toBe(changed.headers.get("etag"));
  });

  it("keeps a contract's days when the time zone changes, and an exact instant as given", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "cm", model: "concurrent", capacity: 1 }],
      startsAt: new Date("2026-01-01T10:30:00Z"),
      endsAt: new Date("2029-01-01T12:00:00Z"),
    });
    const created = await call<{ contract: { id: string } }>("/api/v1/manage/contracts", {
      method: "POST",
      body: {
        organizationId: f.organization.id,
        startsAt: "2030-01-01",
        endsAt: "2030-06-19",
        pools: [{ module: f.mod("cm"), model: "concurrent", capacity: 1 }],
      },
    });
    expect(created.status).toBe(201);
    const url = `/api/v1/manage/organizations/${f.organization.id}`;
    const moved = await call(url, { method: "PATCH", body: { timeZone: "Europe/Oslo" } });
    expect(moved.status).toBe(200);
    type Dates = { contract: { startsAt: string; endsAt: string | null } };
    const days = await call<Dates>(`/api/v1/manage/contracts/${created.body.contract.id}`);
    // 2030-01-01 begins at 23:00 UTC the day before in Oslo (CET); 2030-06-19 ends at 22:00 UTC (CEST).
    expect(days.body.contract).toMatchObject({
      startsAt: "2029-12-31T23:00:00.000Z",
      endsAt: "2030-06-19T22:00:00.000Z",
    });
    const instant = await call<Dates>(`/api/v1/manage/contracts/${f.contract.id}`);
    expect(instant.body.contract).toMatchObject({
      startsAt: "2026-01-01T10:30:00.000Z",
      endsAt: "2029-01-01T12:00:00.000Z",
    });
  });
});

describe("Two changes sent at once with the same If-Match", () => {
  type Answer = { status: number; body: Record<string, unknown> & Partial<Refusal>; headers: Headers };

  /** Both PATCHes read the same ETag and race: one applies, the other is 412 and changes nothing. */
  async function race(url: string, bodies: [object, object], action: string, targetId: string) {
    const etag = (await call(url)).headers.get("etag")!;
    const answers: Answer[] = await Promise.all(
      bodies.map((body) => call<Answer["body"]>(url, { method: "PATCH", body, headers: { "if-match": etag } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    const loser = answers.find((a) => a.status === 412)!;
    expect(loser.body.error!.code).toBe("PRECONDITION_FAILED");
    const now = await call<Answer["body"]>(url);
    expect(now.headers.get("etag")).toBe(winner.headers.get("etag"));
    const [changes] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
    expect(changes!.n).toBe(1);
    return { winner: bodies[answers.indexOf(winner)]!, now: now.body };
  }

  it("apply exactly one to a contract, a plan and an organization", async () => {
    const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });

    const contract = await race(
      `/api/v1/manage/contracts/${f.contract.id}`,
      [{ endsAt: "2031-01-31" }, { endsAt: "2032-02-29" }],
      "contract.update",
      f.contract.id,
    );
    const lastDay = (contract.winner as { endsAt: string }).endsAt;
    expect((contract.now.contract as { endsAt: string }).endsAt.slice(0, 10)).toBe(
      new Date(Date.parse(lastDay) + 86_400_000).toISOString().slice(0, 10),
    );

    const plan = await call<{ plan: { id: string } }>("/api/v1/manage/plans", {
      method: "POST",
      body: { name: unique("Race"), modules: [{ module: f.mod("cm"), model: "concurrent", includedCapacity: 1 }] },
    });
    const planId = plan.body.plan.id;
    const plans = await race(
      `/api/v1/manage/plans/${planId}`,
      [{ description: "first" }, { description: "second" }],
      "plan.update",
      planId,
    );
    expect(plans.now.plan).toMatchObject(plans.winner);

    const organization = await race(
      `/api/v1/manage/organizations/${f.organization.id}`,
      [{ name: unique("First") }, { name: unique("Second") }],
      "organization.update",
      f.organization.id,
    );
    expect(organization.now.organization).toMatchObject(organization.winner);
  });
});
