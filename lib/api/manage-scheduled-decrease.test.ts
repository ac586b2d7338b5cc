import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { apiRequests } from "@/lib/testing/manage-api";
import { openApiDocument } from "./table";

// A pool's decrease scheduled for renewal, through the management API: scheduled, changed and
// cancelled with PUT and DELETE on one resource, every refusal a 4xx that changes nothing.

let db: Database;
let call: ReturnType<typeof apiRequests>;
beforeAll(async () => {
  db = await testDb();
  call = apiRequests(db, (await createOperatorToken(db, testOperator, unique("scheduled"))).secret);
});

async function contract(endsAt: Date | null = new Date(Date.now() + 30 * 86_400_000)) {
  const f = await makeOrganization(db, {
    endsAt,
    pools: [{ module: "cm", model: "named", capacity: 10, minCapacity: 3, maxCapacity: 20 }],
  });
  return { ...f, path: `/api/v1/manage/contracts/${f.contract.id}/pools/${f.mod("cm")}/scheduled-decrease` };
}

const scheduled = async (poolId: string) =>
  (await db.select().from(licensePools).where(eq(licensePools.id, poolId)))[0]!.scheduledCapacity;

const actions = async (poolId: string) =>
  (
    await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "license_pool"), eq(auditEvents.targetId, poolId)))
      .orderBy(auditEvents.id)
  ).map((e) => e.action);

describe("PUT and DELETE /api/v1/manage/contracts/{id}/pools/{module}/scheduled-decrease", () => {
  it("schedules, changes and cancels a decrease, each audited", async () => {
    const f = await contract();
    const first = await call("PUT", f.path, { capacity: 6 });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { pool: { capacity: number; scheduledCapacity: number } };
    expect(body.pool).toMatchObject({ capacity: 10, scheduledCapacity: 6 });
    expect((await call("PUT", f.path, { capacity: 4 })).status).toBe(200);
    expect(await scheduled(f.pool("cm").id)).toBe(4);
    expect((await call("DELETE", f.path)).status).toBe(204);
    expect(await scheduled(f.pool("cm").id)).toBeNull();
    expect((await actions(f.pool("cm").id)).sort()).toEqual(
      ["pool.scheduleDecrease", "pool.scheduledDecreaseCancelled", "pool.scheduledDecreaseChanged"].sort(),
    );
  });

  it("refuses bad capacities with 422 and changes nothing", async () => {
    const f = await contract();
    await call("PUT", f.path, { capacity: 6 });
    const cases: [unknown, number, string][] = [
      [{ capacity: 2 }, 422, "CAPACITY_OUT_OF_BOUNDS"],
      [{ capacity: 10 }, 422, "INVALID"],
      [{ capacity: 4.5 }, 400, "VALIDATION_FAILED"],
      [{ capacity: "five" }, 400, "VALIDATION_FAILED"],
      [{ capacity: 5, when: "now" }, 400, "VALIDATION_FAILED"],
      [{}, 400, "VALIDATION_FAILED"],
    ];
    for (const [body, status, code] of cases) {
      const res = await call("PUT", f.path, body);
      const answer = (await res.json()) as { error: { code: string } };
      expect([res.status, answer.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await scheduled(f.pool("cm").id)).toBe(6);
    expect(await actions(f.pool("cm").id)).toEqual(["pool.scheduleDecrease"]);
  });

  it("answers 422 for a perpetual contract and 404 for nothing scheduled or an unknown pool", async () => {
    const perpetual = await contract(null);
    const res = await call("PUT", perpetual.path, { capacity: 5 });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("perpetual");

    const f = await contract();
    const none = await call("DELETE", f.path);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const unknown = f.path.replace(f.mod("cm"), "no-such-module");
    expect((await call("PUT", unknown, { capacity: 5 })).status).toBe(404);
    expect((await call("DELETE", unknown)).status).toBe(404);
    expect(await actions(f.pool("cm").id)).toEqual([]);
  });

  it("runs a repeated request with one Idempotency-Key once", async () => {
    const f = await contract();
    await call("PUT", f.path, { capacity: 6 });
    const key = { "idempotency-key": unique("cancel") };
    expect((await call("DELETE", f.path, undefined, key)).status).toBe(204);
    expect((await call("DELETE", f.path, undefined, key)).status).toBe(204);
    expect(await actions(f.pool("cm").id)).toEqual(["pool.scheduleDecrease", "pool.scheduledDecreaseCancelled"]);
  });

  it("documents every status both routes answer", () => {
    const paths = openApiDocument().paths as Record<string, unknown>;
    const path = paths["/api/v1/manage/contracts/{id}/pools/{module}/scheduled-decrease"] as Record<
      "put" | "delete",
      { responses: Record<string, unknown> }
    >;
    expect(Object.keys(path.put.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "422"]));
    expect(Object.keys(path.delete.responses)).toEqual(expect.arrayContaining(["204", "404"]));
  });
});
