import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresOptions } from "@/db/client";
import { env } from "@/lib/env";
import { errorFields } from "@/lib/runtime/log";
import { onPostgres } from "@/lib/testing/db";
import { startTcpProxy, targetOf, throughProxy } from "@/lib/testing/tcp-proxy";
import { withinDeadline } from "@/lib/runtime/deadline";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "./database-unavailable";

const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("the answer while the database is unavailable", () => {
  it("is 503 DATABASE_UNAVAILABLE with Retry-After", async () => {
    const response = databaseUnavailableResponse();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect((await response.json()).error.code).toBe("DATABASE_UNAVAILABLE");
  });

  it("gives up on a promise that does not settle within the deadline", async () => {
    const e = await failure(withinDeadline(new Promise(() => {}), 50));
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it("does not take an application error for an outage", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
  });
});

describe.skipIf(!onPostgres())("PostgreSQL failures seen as an outage", () => {
  const url = process.env.DATABASE_URL!;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  const clients: postgres.Sql[] = [];
  const open = (target = url, overrides: Partial<postgres.Options<Record<string, never>>> = {}) => {
    const client = postgres(target, { ...postgresOptions(env()), ...overrides });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    proxy = await startTcpProxy(targetOf(url));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    await proxy.close();
  });

  it("refuses a query at once when the server cannot be reached, and reconnects when it is back", async () => {
    const client = open(throughProxy(url, proxy.port));
    await client`select 1`;
    proxy.cut();
    const started = Date.now();
    expect(isDatabaseUnavailable(await failure(client`select 1`))).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    proxy.restore();
    const back = Date.now();
    await client`select 1`;
    expect(Date.now() - back).toBeLessThan(1000);
  });

  it("gives up connecting to a server that does not answer within the connect timeout", async () => {
    proxy.stall();
    try {
      const client = open(throughProxy(url, proxy.port), { connect_timeout: 0.5 });
      const started = Date.now();
      expect(isDatabaseUnavailable(await failure(client`select 1`))).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      proxy.restore();
    }
  });

  it("stops waiting for a row lock after lock_timeout, and ends a statement after statement_timeout", async () => {
    const holder = open(url, { max: 1 });
    const waiter = open(url, { connection: { lock_timeout: 200, statement_timeout: 300 } });
    await holder`create table if not exists sk_lock_probe (id int primary key)`;
    await holder`insert into sk_lock_probe values (1) on conflict do nothing`;
    const reserved = await holder.reserve();
    await reserved`begin`;
    await reserved`select * from sk_lock_probe where id = 1 for update`;
    try {
      const locked = await failure(waiter`update sk_lock_probe set id = 1 where id = 1`);
      expect((locked as { code?: string }).code).toBe("55P03");
      expect(isDatabaseUnavailable(locked)).toBe(true);
    } finally {
      await reserved`rollback`;
      reserved.release();
    }
    const slow = await failure(waiter`select pg_sleep(2)`);
    expect((slow as { code?: string }).code).toBe("57014");
    expect(isDatabaseUnavailable(slow)).toBe(true);
  });

  it("answers a deadlock's victim as unavailable: it changed nothing, so trying again is safe", async () => {
    // No lock_timeout, so the deadlock detector (deadlock_timeout, 1 s) is what ends the wait.
    const client = open(url, { max: 2, connection: { lock_timeout: 0 } });
    await client`create table if not exists sk_deadlock_probe (id int primary key)`;
    await client`insert into sk_deadlock_probe values (1), (2) on conflict do nothing`;
    const [a, b] = await Promise.all([client.reserve(), client.reserve()]);
    try {
      await a`begin`;
      await b`begin`;
      await a`update sk_deadlock_probe set id = id where id = 1`;
      await b`update sk_deadlock_probe set id = id where id = 2`;
      // Each now waits for the other's row: PostgreSQL ends one of them with 40P01.
      const outcomes = await Promise.all([
        failure(a`update sk_deadlock_probe set id = id where id = 2`),
        failure(b`update sk_deadlock_probe set id = id where id = 1`),
      ]);
      const victim = outcomes.find((e) => e !== undefined);
      expect((victim as { code?: string }).code).toBe("40P01");
      expect(isDatabaseUnavailable(victim)).toBe(true);
    } finally {
      await Promise.all([a`rollback`, b`rollback`]);
      a.release();
      b.release();
    }
  });

  it("logs a failed query as its SQL text and cause, never its parameters", async () => {
    const db = drizzle({ client: open(url) });
    const secret = `sk_live_${Math.random().toString(36).slice(2)}`;
    const e = await failure(db.execute(sql`select ${secret}::int`));
    const line = JSON.stringify(errorFields(e));
    expect(line).not.toContain(secret);
    expect(line).toContain("invalid input syntax");
  });
});
