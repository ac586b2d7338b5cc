import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceActivations } from "@/db/schema";
import type { Database } from "@/db/client";
import { activateDevice } from "@/lib/licensing/activations";
import { testDb } from "@/lib/testing/db";
import { makeOrganization } from "@/lib/testing/fixtures";
import { listDevices } from "./devices-queries";
import { LEASE_GRACE_DAYS } from "@/lib/licensing/holdings/device-activations";
import { poolUsages } from "@/lib/licensing/usage";
import { leaseState } from "./lease-state";

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const DAY = 86_400_000;

describe("lease state", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const endsIn = (days: number) => new Date(now.getTime() + days * DAY);

  it("is expiring soon within 7 days of the end of a long lease", () => {
    expect(leaseState(endsIn(7.5), 30, now)).toBe("valid");
    expect(leaseState(endsIn(6.5), 30, now)).toBe("expiring");
  });
  it("is expiring only in the last half of a short lease, so a fresh 7-day lease reads valid", () => {
    expect(leaseState(endsIn(7), 7, now)).toBe("valid");
    expect(leaseState(endsIn(3.6), 7, now)).toBe("valid");
    expect(leaseState(endsIn(3.4), 7, now)).toBe("expiring");
  });
  it("is in grace (still counting) for the engine's grace period after the lease ended, then lapsed", () => {
    expect(leaseState(endsIn(0), 30, now)).toBe("grace");
    expect(leaseState(endsIn(-1), 30, now)).toBe("grace");
    expect(leaseState(endsIn(-LEASE_GRACE_DAYS + 0.01), 30, now)).toBe("grace");
    expect(leaseState(endsIn(-LEASE_GRACE_DAYS), 30, now)).toBe("lapsed");
  });
});

describe("devices page filter", () => {
  it("filters by lease state in SQL with the same cut-offs as the badge", async () => {
    const f = await makeOrganization(db, {
      pools: [{ module: "dev", model: "concurrent", capacity: 10, activationsPerLicense: 1, leaseDays: 30 }],
    });
    const leaseEndsIn = { fresh: 29, "six-days": 6, "in-grace": -1, lapsed: -4 } as const;
    for (const [fingerprint, days] of Object.entries(leaseEndsIn)) {
      const { activation } = await activateDevice(db, f.key, {
        module: f.mod("dev"),
        fingerprint,
        platform: "desktop",
      });
      await db
        .update(deviceActivations)
        .set({ leaseExpiresAt: new Date(Date.now() + days * DAY) })
        .where(eq(deviceActivations.id, activation.id));
    }
    const fingerprintsOf = async (state: "valid" | "expiring" | "grace" | "lapsed") =>
      (await listDevices(db, f.organization.id, { state })).map((d) => d.fingerprint);
    expect(await fingerprintsOf("valid")).toEqual(["fresh"]);
    expect(await fingerprintsOf("expiring")).toEqual(["six-days"]);
    expect(await fingerprintsOf("grace")).toEqual(["in-grace"]);
    expect(await fingerprintsOf("lapsed")).toEqual(["lapsed"]);
    const badgeOf: Record<string, string> = {
      fresh: "valid",
      "six-days": "expiring",
      "in-grace": "grace",
      lapsed: "lapsed",
    };
    for (const d of await listDevices(db, f.organization.id))
      expect(leaseState(d.leaseExpiresAt, d.leaseDays)).toBe(badgeOf[d.fingerprint]);
    // The engine counts every device that is not lapsed: the one in grace still holds its place.
    expect((await poolUsages(db, { contractId: f.contract.id }))[0]!.activations.inUse).toBe(3);
  });
});
