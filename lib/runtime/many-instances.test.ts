import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { createApiKey, createOperatorToken } from "@/lib/licensing/tokens";
import { onPostgres } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { eventually, freshDatabase, startInstance, type Instance } from "@/lib/testing/instances";
import { startTcpProxy, targetOf, throughProxy } from "@/lib/testing/tcp-proxy";

// SPEC §6: many instances on one PostgreSQL behave as one. Two real server.ts processes (APIs
// only) on a fresh database, reaching it through a TCP proxy the test can cut.

const RATE_LIMIT = 100;

describe.skipIf(!onPostgres())("two instances on one PostgreSQL database", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let client: postgres.Sql;
  let db: Database;
  let a: Instance;
  let b: Instance;
  const extra: Instance[] = [];
  let viaProxy: string;

  beforeAll(async () => {
    fresh = await freshDatabase(process.env.DATABASE_URL!);
    proxy = await startTcpProxy(targetOf(fresh.url));
    viaProxy = throughProxy(fresh.url, proxy.port);
    a = await startInstance(viaProxy, { SEATKEEPER_RATE_LIMIT: String(RATE_LIMIT) });
    // b listens and competes for leadership on a session URL of its own, as behind a transaction-mode PgBouncer.
    b = await startInstance(viaProxy, { SEATKEEPER_RATE_LIMIT: String(RATE_LIMIT), DATABASE_SESSION_URL: viaProxy });
    client = postgres(fresh.url, { max: 4, onnotice: () => {} });
    db = drizzle({ client, schema }) as unknown as Database;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a, b, ...extra].filter(Boolean).map((i) => i.stop("SIGKILL")));
    await client?.end({ timeout: 1 });
    await proxy?.close();
    await fresh?.drop();
  });

  const keyFor = async (capacity: number) => {
    const f = await makeOrganization(db, { pools: [{ module: "cc", model: "concurrent", capacity }] });
    const { apiKey, secret } = await createApiKey(db, testOperator, f.contract.id, "multi");
    return { f, apiKey, secret, module: f.mod("cc") };
  };
  const call = async (instance: Instance, secret: string, method: string, path: string, body?: unknown) => {
    const started = Date.now();
    // A hang shows as status 0 (and fails the test) instead of stalling it.
    const res = await fetch(`${instance.url}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    }).catch((e: Error) => e);
    if (res instanceof Error) {
      return {
        status: 0,
        json: null,
        ms: Date.now() - started,
        retryAfter: null,
        path,
        error: String(res.cause ?? res),
      };
    }
    const json = res.status === 204 ? null : ((await res.json()) as Record<string, { code?: string; id?: string }>);
    return { status: res.status, json, ms: Date.now() - started, retryAfter: res.headers.get("retry-after"), path };
  };
  const open = (instance: Instance, secret: string, module: string, deviceId: string) =>
    call(instance, secret, "POST", "sessions", { module, clientType: "desktop", deviceId });
  const histogram = (results: { status: number }[]) =>
    results.reduce<Record<number, number>>((h, r) => ({ ...h, [r.status]: (h[r.status] ?? 0) + 1 }), {});
  const counterMatchesRows = async (poolId: string) => {
    const [row] = await client<{ counter: number; rows: number }[]>`
      select p.sessions_held as counter,
             (select coalesce(sum(seats_held), 0)::int from sessions s where s.pool_id = p.id and s.ended_at is null) as rows
        from license_pools p where p.id = ${poolId}`;
    return row!;
  };

  it("grants exactly a pool's 10 seats to 100 opens racing over both instances", async () => {
    const { f, secret, module } = await keyFor(10);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => open(i % 2 ? a : b, secret, module, `race-${i}`)),
    );
    expect(histogram(results)).toEqual({ 201: 10, 409: 90 });
    const { counter, rows } = await counterMatchesRows(f.pool("cc").id);
    expect([counter, rows]).toEqual([10, 10]);
  });

  it("holds a key's rate limit across both instances within 5 %", async () => {
    // A fresh clock minute, so the requests fall in one window.
    await eventually(() => Date.now() % 60_000 < 40_000, 25_000, 200);
    const { secret } = await keyFor(1);
    const results = await Promise.all(
      Array.from({ length: 160 }, (_, i) => call(i % 2 ? a : b, secret, "GET", "license")),
    );
    expect(results.filter((r) => r.status === 0).slice(0, 3)).toEqual([]);
    expect(Object.keys(histogram(results))).toEqual(["200", "429"]);
    const through = results.filter((r) => r.status === 200).length;
    expect(through).toBeLessThanOrEqual(RATE_LIMIT);
    expect(through).toBeGreaterThanOrEqual(RATE_LIMIT * 0.95);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(160 - through);
    expect(limited.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
  });

  it("refuses a key on the other instance within 1 s of its revocation on one", async () => {
    const { apiKey, secret } = await keyFor(1);
    const operator = await createOperatorToken(db, testOperator, "multi-operator");
    expect((await call(b, secret, "GET", "license")).status).toBe(200);
    const revoked = await call(a, operator.secret, "DELETE", `manage/api-keys/${apiKey.id}`);
    expect(revoked.status).toBe(204);
    const at = Date.now();
    // b remembers the key for 5 s; the notice has to reach it.
    expect(await eventually(async () => (await call(b, secret, "GET", "license")).status === 401, 1_000)).toBe(true);
    expect(Date.now() - at).toBeLessThan(1_000);
  });

  it("answers every request 503 or success while the database is cut off, recovers within 1 s, and counters equal rows", async () => {
    const { f, secret: first, module } = await keyFor(1000);
    // A key per worker, so the per-key rate limit stays out of the way.
    const secrets = [first];
    for (let w = 1; w < 6; w++)
      secrets.push((await createApiKey(db, testOperator, f.contract.id, `outage-${w}`)).secret);
    const results: Awaited<ReturnType<typeof call>>[] = [];
    let running = true;
    const worker = async (w: number) => {
      const secret = secrets[w]!;
      for (let i = 0; running; i++) {
        const instance = (w + i) % 2 ? a : b;
        const opened = await open(instance, secret, module, `outage-${w}-${i}`);
        results.push(opened);
        if (opened.status === 201)
          results.push(await call(instance, secret, "DELETE", `sessions/${opened.json!.session!.id}`));
        if (opened.status === 503) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    await eventually(() => results.length >= 30, 10_000);
    proxy.cut();
    const health = await Promise.all(
      [a, b].map(async (i) => {
        const started = Date.now();
        const res = await fetch(`${i.url}/api/health`);
        return { status: res.status, ms: Date.now() - started };
      }),
    );
    await eventually(() => results.filter((r) => r.status === 503).length >= 10, 10_000);
    proxy.restore();
    const restoredAt = Date.now();
    const recovered = await Promise.all(
      [a, b].map((i) => eventually(async () => (await fetch(`${i.url}/api/health`)).status === 200, 1_000, 20)),
    );
    const recoveredMs = Date.now() - restoredAt;
    await eventually(() => results.length >= 200, 10_000);
    running = false;
    await Promise.all(workers);

    expect(health.map((h) => h.status)).toEqual([503, 503]);
    expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(1_000);
    expect(recovered).toEqual([true, true]);
    expect(recoveredMs).toBeLessThan(1_000);
    const failures = [a, b].flatMap((i) => i.logs().filter((l) => l.msg === "API request failed"));
    expect(failures).toEqual([]);
    // A hang or a reset shows its request and error here.
    expect(results.filter((r) => r.status === 0)).toEqual([]);
    expect(Object.keys(histogram(results))).toEqual(["201", "204", "503"]);
    const unavailable = results.filter((r) => r.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((r) => r.json?.error?.code === "DATABASE_UNAVAILABLE" && r.retryAfter === "2")).toBe(true);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(2_000);
    const { counter, rows } = await counterMatchesRows(f.pool("cc").id);
    expect(counter).toBe(rows);
  });

  it("answers 503 within 2 s while the database stops answering, and serves again once it answers", async () => {
    const { f, secret, module } = await keyFor(1000);
    expect((await open(a, secret, module, "stall-before")).status).toBe(201);
    // Connections stay open but nothing comes back, as from a frozen (SIGSTOPped) server.
    proxy.stall();
    let during: Awaited<ReturnType<typeof call>>[];
    let health: { status: number; ms: number }[];
    try {
      [during, health] = await Promise.all([
        Promise.all([a, b].map((i, n) => open(i, secret, module, `stall-${n}`))),
        Promise.all(
          [a, b].map(async (i) => {
            const started = Date.now();
            const res = await fetch(`${i.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
            return { status: res.status, ms: Date.now() - started };
          }),
        ),
      ]);
    } finally {
      proxy.restore();
    }
    expect(during.map((r) => r.status)).toEqual([503, 503]);
    expect(during.every((r) => r.json?.error?.code === "DATABASE_UNAVAILABLE" && r.retryAfter === "2")).toBe(true);
    // What was sent may still be applied when the server answers again: the sentence doesn't claim otherwise.
    expect(String((during[0]!.json!.error as { message?: string }).message)).toContain("may still be applied");
    // SPEC §6 asks for 2 s; the stall check answers after about 1.6 s (a check at 1 s, a 0.6 s probe).
    expect(Math.max(...during.map((r) => r.ms))).toBeLessThan(2_000);
    expect(health.map((h) => h.status)).toEqual([503, 503]);
    expect(Math.max(...health.map((h) => h.ms))).toBeLessThan(1_000);

    // What the stalled requests had sent is applied once the database answers, at most once each:
    // the pool's counter still equals its rows, and new requests are served.
    expect(await eventually(async () => (await open(a, secret, module, "stall-after")).status === 201, 5_000)).toBe(
      true,
    );
    const { counter, rows } = await counterMatchesRows(f.pool("cc").id);
    expect(counter).toBe(rows);
    expect([a, b].flatMap((i) => i.logs().filter((l) => l.msg === "API request failed"))).toEqual([]);
  });

  /**
   * Whether an instance started a job while it was not the leader, by its own log. A run started
   * as leader may finish after leadership lapsed (the stall test above freezes the database
   * mid-run with 1 s webhook jobs); that is no run as a follower.
   */
  const ranJobsAsFollower = (instance: Instance) => {
    let leading = false;
    let strayRuns = 0;
    for (const line of instance.logs()) {
      if (line.msg === "became the job leader") leading = true;
      if (line.msg === "no longer the job leader") leading = false;
      if (line.msg === "background job started" && !leading) strayRuns += 1;
    }
    return strayRuns;
  };
  const leads = (instance: Instance) =>
    instance.logs().findLast((l) => l.msg === "became the job leader" || l.msg === "no longer the job leader")?.msg ===
    "became the job leader";

  it("runs the background jobs on one leader, and the other takes over within one check when it is killed", async () => {
    expect(await eventually(() => leads(a) !== leads(b), 5_000)).toBe(true);
    const [leader, follower] = leads(a) ? [a, b] : [b, a];
    expect(await eventually(() => leader.logs().some((l) => l.msg === "background job ran"), 5_000)).toBe(true);
    leader.process.kill("SIGKILL");
    await leader.exited;
    const killedAt = Date.now();
    expect(await eventually(() => leads(follower), 2_000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(1_500);
    const runsBefore = follower.logs().filter((l) => l.msg === "background job ran").length;
    // The new leader runs every job at once; a job whose first run fails (seen once in CI, right
    // after the kill) runs again at its next interval (the sampler's is 15 s).
    expect(
      await eventually(() => follower.logs().filter((l) => l.msg === "background job ran").length > runsBefore, 20_000),
      JSON.stringify(
        follower
          .logs()
          .filter((l) => /job/.test(String(l.msg)))
          .slice(-10),
      ),
    ).toBe(true);
    expect([ranJobsAsFollower(a), ranJobsAsFollower(b)]).toEqual([0, 0]);
    if (leader === a) a = follower;
    b = follower;
  });

  it("drains in-flight requests on SIGTERM, hands leadership over and exits", async () => {
    const survivor = b;
    const next = await startInstance(viaProxy, { SEATKEEPER_RATE_LIMIT: String(RATE_LIMIT) });
    extra.push(next);
    expect(await eventually(() => leads(survivor), 5_000)).toBe(true);
    const { f, secret, module } = await keyFor(100);
    // Hold the pool row so the opens are surely in flight when SIGTERM comes: one round waiting on
    // its lock, the others in line behind it in the server (batched opens).
    const holder = await client.reserve();
    await holder`begin`;
    await holder`select 1 from license_pools where id = ${f.pool("cc").id} for update`;
    const inFlight = Array.from({ length: 5 }, (_, i) => open(survivor, secret, module, `drain-${i}`));
    await eventually(async () => {
      const [row] = await client<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and application_name = 'seatkeeper' and wait_event_type = 'Lock'`;
      return row!.n >= 1;
    }, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    survivor.process.kill("SIGTERM");
    await eventually(() => survivor.logs().some((l) => l.msg === "shutting down: draining in-flight requests"), 5_000);
    await holder`commit`;
    holder.release();
    const answered = await Promise.all(inFlight);
    expect(answered.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await survivor.exited).toBe(0);
    const exitedAt = Date.now();
    expect(await eventually(() => leads(next), 2_000)).toBe(true);
    expect(Date.now() - exitedAt).toBeLessThan(1_000);
    const [pool] = await db
      .select()
      .from(schema.licensePools)
      .where(eq(schema.licensePools.id, f.pool("cc").id));
    expect(pool!.sessionsHeld).toBe(5);
  });
});
