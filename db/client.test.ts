import { sql } from "drizzle-orm";
import postgres from "postgres";
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

describe.skipIf(!onPostgres())("postgres.js as patched (scripts/patches)", () => {
  it("reserves a transaction's connection even when its BEGIN fills the connection's pipeline", async () => {
    // Unpatched, a BEGIN that fills the pipeline (every BEGIN with max_pipeline 0, one in a hundred
    // under load with the default) is sent without reserving its connection: sql.begin() fails
    // with UNSAFE_TRANSACTION and other queries may run inside the open transaction
    // (porsager/postgres#1189). Seen as one INTERNAL in a thousand racing requests of the bench.
    // max_pipeline is a connection option postgres.js's types leave out.
    const options = { max: 2, max_pipeline: 0, onnotice: () => {} } as postgres.Options<Record<string, never>>;
    const client = postgres(process.env.DATABASE_URL!, options);
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => client.begin(async (tx) => (await tx`select ${i}::int as n`)[0]!.n)),
      );
      expect(answers).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await client.end({ timeout: 1 });
    }
  });
});
