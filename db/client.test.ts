import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { onPostgres, testDb } from "@/lib/testing/db";
import { rowsOf } from "./client";

describe.skipIf(!onPostgres())("PostgreSQL client", () => {
  it("prepares each statement once per connection and reuses it (seen in a transaction, whose connection is fixed)", async () => {
    const db = await testDb();
    const marker = `prepared_${Date.now()}`;
    const query = sql`select count(*)::int as ${sql.raw(marker)} from organizations where id <> ${crypto.randomUUID()}`;
    const prepared = await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.execute(query);
      const listed = rowsOf<{ n: number }>(
        await tx.execute(
          sql.raw(
            `select count(*)::int as n from pg_prepared_statements where statement like '%${marker}%' and statement not like '%pg_prepared_statements%'`,
          ),
        ),
      );
      return listed[0]!.n;
    });
    // Without it, drizzle's queries are parsed and planned on every call and none is listed.
    expect(prepared).toBe(1);
  });
});
