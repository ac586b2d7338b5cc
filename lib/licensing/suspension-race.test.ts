import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceActivations, licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { activateDevice } from "./activations";
import { updateContract } from "./contracts";
import { isLicensingError } from "./errors";
import { openSession } from "./sessions/open";
import { VENDOR } from "./input";

// SPEC rule 21: a take re-checks the contract in force in its own statement, so no session
// survives a suspension that committed before it. On PostgreSQL these really race; PGlite
// serializes them, so there every take runs wholly before or after the suspension.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe("a suspension racing acquisitions (rule 21)", () => {
  for (let round = 1; round <= 6; round++) {
    it(`leaves nothing live on the suspended contract, and counters equal rows (round ${round})`, async () => {
      const f = await makeOrganization(db, {
        pools: [{ module: "cc", model: "concurrent", capacity: 100, activationsPerLicense: 1 }],
      });
      const open = (i: number) => () =>
        openSession(db, f.key, { module: f.mod("cc"), clientType: "desktop", deviceId: `d${i}` });
      const activate = (i: number) => () =>
        activateDevice(db, f.key, { module: f.mod("cc"), fingerprint: `fp${i}`, platform: "mobile" });
      const suspend = () => updateContract(db, testOperator, f.contract.id, { status: "suspended" }, VENDOR);
      const attempts: (() => Promise<unknown>)[] = [...times(15, open), ...times(8, activate)];
      // The suspension fires in the middle of the burst.
      attempts.splice(8 + 2 * round, 0, suspend);
      const results = await Promise.allSettled(attempts.map((a) => a()));
      for (const r of results)
        if (r.status === "rejected")
          expect(
            isLicensingError(r.reason) ? r.reason.code : `${String(r.reason)} ${String((r.reason as Error).cause)}`,
          ).toBe("CONTRACT_INACTIVE");

      const live = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(sessions)
        .where(and(eq(sessions.contractId, f.contract.id), isNull(sessions.endedAt)));
      expect(Number(live[0]!.n)).toBe(0);

      const [pool] = await db
        .select()
        .from(licensePools)
        .where(eq(licensePools.id, f.pool("cc").id));
      expect(pool!.sessionsHeld).toBe(0);
      const activations = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(deviceActivations)
        .where(and(eq(deviceActivations.poolId, pool!.id), isNull(deviceActivations.endedAt)));
      expect(pool!.activationsHeld).toBe(Number(activations[0]!.n));

      // After the suspension committed, every take is refused.
      const after = await Promise.allSettled([open(99)(), activate(99)()]);
      expect(after.map((r) => r.status === "rejected" && isLicensingError(r.reason) && r.reason.code)).toEqual([
        "CONTRACT_INACTIVE",
        "CONTRACT_INACTIVE",
      ]);
    });
  }
});
