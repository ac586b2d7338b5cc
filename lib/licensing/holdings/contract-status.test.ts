import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { contracts } from "@/db/schema";
import { makeOrganization } from "@/lib/testing/fixtures";
import { testDb } from "@/lib/testing/db";
import { effectiveStatus, effectiveStatusIs, type EffectiveContractStatus } from "./contract";

// The contract status people see, written twice (in TypeScript for a row, in SQL for a list's
// filter): both must give every contract the same one answer.

let db: Database;
beforeAll(async () => {
  db = await testDb();
});

const day = 86_400_000;
const statuses: EffectiveContractStatus[] = ["active", "upcoming", "suspended", "expired"];

describe("effectiveStatus and effectiveStatusIs", () => {
  it("put every contract in exactly the status effectiveStatus gives it", async () => {
    const now = Date.now();
    const made = await Promise.all(
      [
        { startsAt: new Date(now - 10 * day) },
        { startsAt: new Date(now + 10 * day) },
        { startsAt: new Date(now - 10 * day), endsAt: new Date(now - day) },
      ].map((dates) => makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }], ...dates })),
    );
    const ids = made.map((m) => m.contract.id);
    await db.update(contracts).set({ status: "suspended" }).where(eq(contracts.id, ids[0]!));
    const extra = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
    ids.push(extra.contract.id);
    const rows = await db.select().from(contracts).where(inArray(contracts.id, ids));
    expect(new Set(rows.map((r) => effectiveStatus(r)))).toEqual(new Set(statuses));
    for (const status of statuses) {
      const selected = await db
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(inArray(contracts.id, ids), effectiveStatusIs(status)));
      expect(selected.map((r) => r.id).sort(), status).toEqual(
        rows
          .filter((r) => effectiveStatus(r) === status)
          .map((r) => r.id)
          .sort(),
      );
    }
  });
});
