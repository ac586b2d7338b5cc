import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { licensePools } from "@/db/schema";
import type { Database } from "@/db/client";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { apiRequests } from "@/lib/testing/manage-api";

// A named pool's auto-reclaim through the management API's pool PATCH: set, shown on the pool,
// turned off with null; a concurrent pool or a value out of its bounds is a 422 that changes nothing.

let db: Database;
let request: ReturnType<typeof apiRequests>;
beforeAll(async () => {
  db = await testDb();
  request = apiRequests(db, (await createOperatorToken(db, testOperator, unique("reclaim"))).secret);
});

const patch = (path: string, body: unknown) => request("PATCH", path, body);

describe("auto-reclaim on the pool PATCH", () => {
  it("sets and clears a named pool's days, and refuses a concurrent pool and a week or less", async () => {
    const f = await makeOrganization(db, {
      pools: [
        { module: "cad", model: "named", capacity: 5 },
        { module: "cc", model: "concurrent", capacity: 5 },
      ],
    });
    const path = (m: string) => `/api/v1/manage/contracts/${f.contract.id}/pools/${f.mod(m)}`;
    const days = async (m: string) =>
      (
        await db
          .select()
          .from(licensePools)
          .where(eq(licensePools.id, f.pool(m).id))
      )[0]!.autoReclaimDays;

    const set = await patch(path("cad"), { autoReclaimDays: 45 });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { pool: { autoReclaimDays: number } }).pool.autoReclaimDays).toBe(45);

    const concurrent = await patch(path("cc"), { autoReclaimDays: 45 });
    expect(concurrent.status).toBe(422);
    expect(((await concurrent.json()) as { error: { code: string } }).error.code).toBe("INVALID");
    expect(await days("cc")).toBeNull();

    const short = await patch(path("cad"), { autoReclaimDays: 7 });
    expect(short.status).toBe(422);
    expect(((await short.json()) as { error: { code: string } }).error.code).toBe("VALUE_OUT_OF_RANGE");
    expect(await days("cad")).toBe(45);

    expect((await patch(path("cad"), { autoReclaimDays: null })).status).toBe(200);
    expect(await days("cad")).toBeNull();
  });
});
