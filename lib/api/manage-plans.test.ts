import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { manageApi } from "@/lib/testing/manage-api";

// Plans through the management API: created, listed, got and changed; a plan in use keeps its
// modules. Modules are renamed, their keys kept.

let db: Database;
let call: Awaited<ReturnType<typeof manageApi>>;

beforeAll(async () => {
  db = await testDb();
  call = await manageApi(db);
});

type PlanModule = { module: string; includedCapacity: number; maxCapacity: number | null };
type Plan = { id: string; name: string; description: string | null; modules: PlanModule[] };
type Refusal = { error: { code: string; message: string; modules?: string[] } };

async function catalogue() {
  const f = await makeOrganization(db, {
    pools: [
      { module: "cm", model: "concurrent", capacity: 1 },
      { module: "dms", model: "named", capacity: 1 },
    ],
  });
  return { f, cm: f.mod("cm"), dms: f.mod("dms") };
}

describe("plans in the management API", () => {
  it("creates, lists, gets and changes a plan", async () => {
    const { cm, dms } = await catalogue();
    const name = unique("Plan");
    const created = await call<{ plan: Plan }>("/api/v1/manage/plans", {
      method: "POST",
      body: { name, modules: [{ module: cm, model: "concurrent", includedCapacity: 5, maxCapacity: 20 }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.plan).toMatchObject({ name, modules: [{ module: cm, includedCapacity: 5, maxCapacity: 20 }] });
    const id = created.body.plan.id;
    const found = await call<{ plans: Plan[] }>(`/api/v1/manage/plans?name=${encodeURIComponent(name.toUpperCase())}`);
    expect(found.body.plans.map((p) => p.id)).toEqual([id]);
    const second = await call<{ plan: Plan }>("/api/v1/manage/plans", {
      method: "POST",
      body: { name: unique("Plan"), modules: [{ module: dms, model: "named", includedCapacity: 1 }] },
    });
    const page = await call<{ plans: Plan[]; nextCursor: string }>("/api/v1/manage/plans?limit=1");
    expect(page.body.plans.map((p) => p.id)).toEqual([second.body.plan.id]);
    const next = await call<{ plans: Plan[] }>(`/api/v1/manage/plans?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.plans.map((p) => p.id)).toEqual([id]);

    const changed = await call<{ plan: Plan }>(`/api/v1/manage/plans/${id}`, {
      method: "PATCH",
      body: {
        description: "For mid-size firms",
        modules: [{ module: dms, model: "named", includedCapacity: 2 }],
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.plan).toMatchObject({
      description: "For mid-size firms",
      modules: [{ module: dms, includedCapacity: 2, maxCapacity: null }],
    });
    expect((await call<{ plan: Plan }>(`/api/v1/manage/plans/${id}`)).body.plan).toEqual(changed.body.plan);
    const taken = await call<Refusal>(`/api/v1/manage/plans/${id}`, {
      method: "PATCH",
      body: { name: second.body.plan.name.toLowerCase() },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("CONFLICT");
  });

  it("keeps every module of a plan in use, and lets it gain one", async () => {
    const { cm, dms } = await catalogue();
    const name = unique("InUse");
    const plan = (
      await call<{ plan: Plan }>("/api/v1/manage/plans", {
        method: "POST",
        body: { name, modules: [{ module: cm, model: "concurrent", includedCapacity: 1 }] },
      })
    ).body.plan;
    const other = await makeOrganization(db, { pools: [{ module: "x", model: "named", capacity: 1 }] });
    const contract = await call("/api/v1/manage/contracts", {
      method: "POST",
      body: { organizationId: other.organization.id, plan: name },
    });
    expect(contract.status).toBe(201);
    const refused = await call<Refusal>(`/api/v1/manage/plans/${plan.id}`, {
      method: "PATCH",
      body: { modules: [{ module: dms, model: "named", includedCapacity: 1 }] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "PLAN_IN_USE", modules: [cm] });
    expect(
      (await call<{ plan: Plan }>(`/api/v1/manage/plans/${plan.id}`)).body.plan.modules.map((m) => m.module),
    ).toEqual([cm]);
    const gained = await call<{ plan: Plan }>(`/api/v1/manage/plans/${plan.id}`, {
      method: "PATCH",
      body: {
        modules: [
          { module: cm, model: "concurrent", includedCapacity: 2 },
          { module: dms, model: "named", includedCapacity: 1 },
        ],
      },
    });
    expect(gained.body.plan.modules.map((m) => [m.module, m.includedCapacity]).sort()).toEqual(
      [
        [cm, 2],
        [dms, 1],
      ].sort(),
    );
  });

  it("refuses bad plan changes by name and answers 404 for a plan that isn't there", async () => {
    const { cm } = await catalogue();
    const plan = (
      await call<{ plan: Plan }>("/api/v1/manage/plans", {
        method: "POST",
        body: { name: unique("Bad"), modules: [{ module: cm, model: "concurrent", includedCapacity: 1 }] },
      })
    ).body.plan;
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await call(`/api/v1/manage/plans/${missing}`)).status).toBe(404);
    expect((await call(`/api/v1/manage/plans/${missing}`, { method: "PATCH", body: { name: "X" } })).status).toBe(404);
    const unknown = await call<Refusal>(`/api/v1/manage/plans/${plan.id}`, {
      method: "PATCH",
      body: { modules: [{ module: "no-such-module-here", model: "named", includedCapacity: 1 }] },
    });
    expect(unknown.status).toBe(422);
    const priced = await call<Refusal>(`/api/v1/manage/plans/${plan.id}`, {
      method: "PATCH",
      body: { modules: [{ module: cm, model: "concurrent", includedCapacity: 1, pricePerLicense: 100 }] },
    });
    expect(priced.body.error.code).toBe("INVALID");
    const empty = await call<Refusal>(`/api/v1/manage/plans/${plan.id}`, { method: "PATCH", body: { modules: [] } });
    expect(empty.status).toBe(400);
    const badQuery = await call<Refusal>("/api/v1/manage/plans?name=");
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/^The query is not valid: .*name/);
  });
});

describe("module rename in the management API", () => {
  it("renames a module and keeps its key", async () => {
    const { f, cm } = await catalogue();
    const modules = await call<{ modules: { id: string; key: string }[] }>("/api/v1/manage/modules?limit=100");
    const id = modules.body.modules.find((m) => m.key === cm)!.id;
    const renamed = await call<{ module: { key: string; name: string } }>(`/api/v1/manage/modules/${id}`, {
      method: "PATCH",
      body: { name: "Case Management Pro" },
    });
    expect(renamed).toMatchObject({ status: 200, body: { module: { key: cm, name: "Case Management Pro" } } });
    const contract = await call<{ contract: { pools: { module: string; moduleName: string }[] } }>(
      `/api/v1/manage/contracts/${f.contract.id}`,
    );
    expect(contract.body.contract.pools.find((p) => p.module === cm)?.moduleName).toBe("Case Management Pro");
    expect(
      (
        await call(`/api/v1/manage/modules/00000000-0000-4000-8000-000000000000`, {
          method: "PATCH",
          body: { name: "X" },
        })
      ).status,
    ).toBe(404);
    expect((await call(`/api/v1/manage/modules/${id}`, { method: "PATCH", body: { name: "" } })).status).toBe(400);
  });
});
