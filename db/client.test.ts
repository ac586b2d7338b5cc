import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { onPostgres, testDb } from "@/lib/testing/db";
import { eventually } from "@/lib/testing/instances";
import { startTcpProxy, targetOf, throughProxy } from "@/lib/testing/tcp-proxy";
import { postgresOptions, rowsOf } from "./client";

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

describe.skipIf(!onPostgres())("postgres.js", () => {
  it("settles every query, plain, pipelined and in a transaction, while its connections are cut again and again", async () => {
    // A query whose connection is reset must settle, or its API request never answers; and a
    // transaction's rollback after the reset must not be written to the closed socket, which
    // throws where nothing can catch it and ends the process (postgres.js 3 did both:
    // porsager/postgres#1142, #1186).
    const proxy = await startTcpProxy(targetOf(process.env.DATABASE_URL!));
    const client = postgres(throughProxy(process.env.DATABASE_URL!, proxy.port), { ...postgresOptions(env()), max: 4 });
    const pending = new Map<number, string>();
    let sent = 0;
    let answered = 0;
    const track = async (what: string, work: () => Promise<unknown>) => {
      const id = sent++;
      pending.set(id, what);
      await work().then(
        () => answered++,
        () => undefined,
      );
      pending.delete(id);
    };
    let running = true;
    const worker = async (w: number) => {
      for (let i = 0; running; i++) {
        const kind = (w + i) % 3;
        if (kind === 0) await track("plain", () => client`select ${w}::int as w`);
        else if (kind === 1)
          await track("pipelined", () => Promise.all([client`select 1`, client`select 2`, client`select 3`]));
        else
          await track("transaction", () =>
            client.begin(async (tx) => {
              await tx`select 1`;
              await Promise.all([tx`select 2`, tx`select pg_sleep(0.01)`, tx`select 3`]);
            }),
          );
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    try {
      for (let cut = 0; cut < 8; cut++) {
        const before = answered;
        await eventually(() => answered > before + 20, 10_000, 10);
        proxy.cut();
        await new Promise((r) => setTimeout(r, 100));
        proxy.restore();
      }
      const before = answered;
      expect(await eventually(() => answered > before + 20, 10_000, 10)).toBe(true);
      running = false;
      await eventually(() => pending.size === 0, 10_000, 50);
      expect([...pending.values()]).toEqual([]);
    } finally {
      running = false;
      await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 1_000))]);
      await client.end({ timeout: 1 });
      await proxy.close();
    }
  }, 60_000);

  it("reserves a transaction's connection even when its BEGIN fills the connection's pipeline", async () => {
    // A BEGIN that fills its connection's pipeline must still reserve the connection, or
    // sql.begin() fails with UNSAFE_TRANSACTION and other queries may run inside the open
    // transaction (porsager/postgres#1189; seen as one INTERNAL in a thousand racing requests of
    // the bench). A pipeline of one makes every BEGIN fill it. max_pipeline is a connection option
    // postgres.js's types leave out.
    const options = { max: 2, max_pipeline: 1, onnotice: () => {} } as postgres.Options<Record<string, never>>;
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
