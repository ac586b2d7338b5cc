import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "@/db/client";
import { apiConnectUsage, licensePools } from "@/db/schema";
import { onPostgres, testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { isLicensingError } from "./errors";
import { apiPeriod } from "./holdings/api-connects";
import { closeSession } from "./sessions/close";
import { openSession } from "./sessions/open";

// Rule 19 against a racing API connect: a capacity decrease that checked this month's used
// connects holds the pool row until it commits; an API session opened meanwhile must take its
// connect against the new quota, never the old one.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

/** Resolves once a statement of another connection waits for `pid`'s locks (PostgreSQL). */
async function blockedBy(pid: number) {
  for (let i = 0; i < 500; i++) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`,
      ),
    );
    if (Number(row?.n) > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the racing open never waited for the decrease");
}

describe("an API connect racing a capacity decrease (rule 19)", () => {
  it("never leaves this month's used connects above the quota the decrease committed", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "api", model: "concurrent", capacity: 4, apiConnectsPerLicense: 1 }],
    });
    const pool = f.pool("api");
    const open = (device: string) =>
      openSession(db, f.key, { module: f.mod("api"), clientType: "api", deviceId: device });
    // Two connects used this month, no seat held: a decrease to 2 is allowed.
    for (const device of ["a1", "a2"]) await closeSession(db, f.key, (await open(device)).id);

    let racing: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      // What updatePool does once its holdings check passed: the pool row locked, the capacity lowered.
      await tx.execute(sql`select id from license_pools where id = ${pool.id} for update`);
      await tx.update(licensePools).set({ capacity: 2 }).where(eq(licensePools.id, pool.id));
      racing = open("a3").catch((e: unknown) => e);
      // On PostgreSQL the open really runs now and must wait for this transaction; PGlite runs it after.
      if (onPostgres()) {
        const [me] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid()::int as pid`));
        await blockedBy(Number(me!.pid));
      }
    });
    const outcome = await racing;

    expect(isLicensingError(outcome) && outcome.code).toBe("API_QUOTA_EXHAUSTED");
    expect(isLicensingError(outcome) && outcome.details).toMatchObject({ limit: 2, used: 2 });
    const [usage] = await db
      .select({ used: apiConnectUsage.used })
      .from(apiConnectUsage)
      .where(and(eq(apiConnectUsage.poolId, pool.id), eq(apiConnectUsage.period, apiPeriod().periodStart)));
    expect(Number(usage!.used)).toBe(2);
  });
});
