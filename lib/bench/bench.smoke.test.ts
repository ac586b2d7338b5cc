import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type Database } from "@/db/client";
import { poolUsages } from "@/lib/licensing/usage";
import { testDb } from "@/lib/testing/db";
import { consoleQueries } from "./console-timing";
import { authenticateToken } from "@/lib/licensing/tokens";
import { closeSession } from "@/lib/licensing/sessions/close";
import { openSession } from "@/lib/licensing/sessions/open";
import { unique } from "@/lib/testing/db";
import postgres from "postgres";
import { backendDatabase, cpuMeter, postgresCpuSampler } from "./cpu";
import { HEARTBEAT_SQL, heartbeatScript, OPEN_CLOSE_SCRIPT, openCloseScript } from "./pgbench";
import { project } from "./projection";
import { createMinimalSchema, dropMinimalSchema, minimalOpenCloseScript } from "./minimal-schema";
import { seedScaleOrganization, type ScaleOrganization } from "./seed";
import { deleteStormOrganizations, seedStormOrganizations, STORM_USERS } from "./storm";
import { percentile, timeRepeated } from "./stats";
import { loadLoop, timed } from "./http-client";
import { boundBy, evaluateTargets, pacedRate, TARGETS, type BenchResults } from "./targets";

// Keeps `npm run bench` from rotting: the seeder at a tiny scale, every console query the bench
// times, the raw SQL pgbench runs against today's schema, and the target checks.

const SCALE = { users: 60, profiles: 6, liveSessions: 12, activations: 20, sampleMinutes: 90 };
let db: Database;
let org: ScaleOrganization;
beforeAll(async () => {
  db = await testDb();
  org = await seedScaleOrganization(db, SCALE);
});

describe("bench smoke", () => {
  it("seeds a consistent organization with set-based statements", async () => {
    const pools = await poolUsages(db, { organizationId: org.organizationId });
    const byModule = new Map(pools.map((p) => [p.module, p]));
    expect(pools).toHaveLength(5);
    expect(byModule.get("bench-desktop")?.inUse).toBe(SCALE.liveSessions);
    expect(byModule.get("bench-mobile")?.activations.inUse).toBe(SCALE.activations);
    // Rule 1 counts some but not all users: inactive, credential-less and expired ones hold nothing.
    const cases = byModule.get("bench-cases")!;
    expect(cases.inUse).toBeGreaterThan(0);
    expect(cases.inUse).toBeLessThan(SCALE.users);
    expect(pools.every((p) => !p.isOverLimit)).toBe(true);
  });

  it("runs every console query the bench times, on the seeded organization", async () => {
    const results = new Map<string, unknown>();
    for (const q of consoleQueries(SCALE.users)) results.set(q.query, await q.run(db, org.organizationId));
    const first = results.get("users page (first)") as { rows: { seats: unknown[] }[]; total: number };
    expect(first.total).toBe(SCALE.users);
    expect(first.rows.some((r) => r.seats.length > 0)).toBe(true);
    // The seat filter keeps exactly the users rule 1 counts on the module's pool.
    const seated = results.get("users page (module + holds a seat)") as { total: number };
    const cases = (await poolUsages(db, { organizationId: org.organizationId })).find(
      (p) => p.module === "bench-cases",
    )!;
    expect(seated.total).toBe(cases.inUse);
    expect((results.get("sessions table") as { sessions: unknown[] }).sessions).toHaveLength(SCALE.liveSessions);
  });

  it("runs pgbench's open + close SQL against the current schema and leaves the counter as it was", async () => {
    const [pool] = rowsOf<{ id: string; held: number }>(
      await db.execute(
        sql`select lp.id, lp.sessions_held as held from license_pools lp join modules m on m.id = lp.module_id where lp.contract_id = ${org.contractId} and m.key = 'bench-desktop'`,
      ),
    );
    const vars: Record<string, string> = { pool: pool!.id, org: org.organizationId, contract: org.contractId };
    const statements = OPEN_CLOSE_SCRIPT.split("\n").filter((l) => l.trim() && !/^(BEGIN|COMMIT);$/.test(l.trim()));
    const opened: number[] = [];
    for (const line of statements) {
      const text = line.replace(/ \\gset$/, "").replace(/:(\w+)/g, (_, name: string) => `'${vars[name]}'`);
      const rows = rowsOf<Record<string, unknown>>(await db.execute(sql.raw(text.replace(/;$/, ""))));
      if (/\\gset$/.test(line)) vars.session = String(rows[0]!.session);
      if (/RETURNING sessions_held/.test(line)) opened.push(Number(rows[0]!.sessions_held));
    }
    expect(opened).toEqual([pool!.held + 1]);
    const [after] = rowsOf<{ held: number; ended: boolean }>(
      await db.execute(
        sql`select lp.sessions_held as held, (select ended_at is not null from sessions where id = ${vars.session}) as ended from license_pools lp where lp.id = ${pool!.id}`,
      ),
    );
    expect(after).toEqual({ held: pool!.held, ended: true });
  });

  it("runs pgbench's naive heartbeat against the current schema: it extends a live session only", async () => {
    const [live] = rowsOf<{ id: string; beat: number }>(
      await db.execute(
        sql`select id, extract(epoch from last_heartbeat_at)::float8 as beat from sessions where organization_id = ${org.organizationId} and ended_at is null limit 1`,
      ),
    );
    const script = heartbeatScript([[live!.id], [live!.id]]);
    // One branch per client and session, each the naive update with the session written in.
    expect(script.match(/^\\(if|elif) :client_id = \d+ and :slot = 0$/gm)).toHaveLength(2);
    const statement = script.split("\n").find((l) => l.startsWith("UPDATE"))!;
    expect(statement).toBe(HEARTBEAT_SQL.replace(":session", `'${live!.id}'`));
    const updated = rowsOf<{ beat: number; ttl: number }>(
      await db.execute(
        sql.raw(
          statement.replace(
            /;$/,
            " RETURNING extract(epoch from last_heartbeat_at)::float8 AS beat, extract(epoch from expires_at - last_heartbeat_at)::float8 AS ttl",
          ),
        ),
      ),
    );
    expect(updated).toHaveLength(1);
    expect(Number(updated[0]!.beat)).toBeGreaterThan(Number(live!.beat));
    expect(Number(updated[0]!.ttl)).toBeCloseTo(120, 0);
    expect(() => openCloseScript("not-a-uuid'; drop table sessions; --")).toThrow(/Not a uuid/);
    expect(openCloseScript(live!.id)).not.toContain(":pool");
  });

  it("seeds the log-in storm's organizations set-based: each key opens and closes on its own 2–3 pools", async () => {
    const storm = await seedStormOrganizations(db, 4);
    try {
      // Organizations 2 and 4 have the third pool: 2 + 3 + 2 + 3.
      expect(storm.pools).toBe(10);
      expect(new Set(storm.targets.map((t) => t.apiKey)).size).toBe(4);
      // Neighbouring targets (what 32 clients open at once) belong to different organizations.
      expect(storm.targets.slice(0, 4).map((t) => t.module)).toEqual(Array(4).fill("bench-storm-desktop"));
      expect(new Set(storm.targets.slice(0, 4).map((t) => t.apiKey)).size).toBe(4);
      for (const target of [storm.targets[0]!, storm.targets.find((t) => t.username)!]) {
        const actor = await authenticateToken(db, target.apiKey);
        if (actor?.type !== "token" || actor.kind !== "contract_api_key")
          throw new Error("The seeded key is no API key");
        const key = { contractId: actor.contractId, organizationId: actor.organizationId, actor };
        const opened = await openSession(db, key, {
          module: target.module,
          clientType: "desktop",
          deviceId: unique("storm"),
          ...(target.username ? { username: target.username } : {}),
        });
        expect(await closeSession(db, key, opened.id)).toEqual({ ended: true });
        const pools = await poolUsages(db, { contractId: actor.contractId });
        expect(pools.map((p) => p.module).sort()).toEqual(
          ["bench-storm-cases", "bench-storm-desktop", ...(pools.length === 3 ? ["bench-storm-web"] : [])].sort(),
        );
        // Rule 1: the named pool's seats are its users'; the concurrent ones hold nothing once closed.
        expect(pools.map((p) => [p.module, p.inUse]).sort()).toEqual(
          pools.map((p) => [p.module, p.module === "bench-storm-cases" ? STORM_USERS : 0]).sort(),
        );
      }
    } finally {
      await deleteStormOrganizations(db, storm);
    }
    const [left] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from organizations where site_id like ${`${storm.sitePrefix}%`}`),
    );
    expect(left!.n).toBe(0);
  });

  it("runs pgbench's naive pair on the minimal schema: the counter comes back, the CHECK holds the capacity", async () => {
    const schema = unique("bench_minimal").replace(/-/g, "_");
    await createMinimalSchema(db, 3, schema);
    try {
      const script = minimalOpenCloseScript(3, schema);
      expect(script).toMatch(/^\\set pool random\(1, 3\)$/m);
      const vars: Record<string, string> = { pool: "2" };
      const opened: number[] = [];
      for (const line of script.split("\n").filter((l) => /^(UPDATE|INSERT)/.test(l))) {
        const text = line.replace(/ \\gset$/, "").replace(/:(\w+)/g, (_, name: string) => vars[name]!);
        const rows = rowsOf<Record<string, unknown>>(await db.execute(sql.raw(text.replace(/;$/, ""))));
        if (/\\gset$/.test(line)) vars.session = String(rows[0]!.session);
        if (/RETURNING in_use/.test(line)) opened.push(Number(rows[0]!.in_use));
      }
      expect(opened).toEqual([1]);
      const pools = rowsOf<{ id: number; in_use: number }>(
        await db.execute(sql.raw(`select id, in_use from ${schema}.pools order by id`)),
      );
      expect(pools.map((p) => Number(p.in_use))).toEqual([0, 0, 0]);
      await expect(
        db.execute(sql.raw(`update ${schema}.pools set in_use = capacity + 1 where id = 1`)),
      ).rejects.toThrow();
    } finally {
      await dropMinimalSchema(db, schema);
    }
    expect(() => minimalOpenCloseScript(3, "x; drop table sessions")).toThrow(/Not a plain schema name/);
  });

  it("counts CPU per operation from /proc, and PostgreSQL backends by their database", () => {
    expect(backendDatabase("postgres: 15/main: postgres sk_bench 127.0.0.1(51234) idle")).toBe("sk_bench");
    expect(backendDatabase("postgres: postgres other [local] SELECT")).toBe("other");
    expect(backendDatabase("postgres: 15/main: checkpointer")).toBeNull();
    expect(backendDatabase("postgres: 15/main: logical replication launcher")).toBeNull();
    const meter = cpuMeter(process.pid, null);
    // 60 ms of this process's own CPU (not of wall time: a busy machine may give it little).
    const from = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(from).user + process.cpuUsage(from).system < 60_000) spin++;
    const cpu = meter.stop(spin > 0 ? 10 : 0);
    if (cpu === null) return; // no /proc here
    expect(cpu.serverMsPerOp).toBeGreaterThan(0);
    expect(cpu.databaseMsPerOp).toBeNull();
    expect(cpu.machineCores).toBeGreaterThan(0);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "counts the CPU of a PostgreSQL backend that connected and exited within the span (pgbench's)",
    async () => {
      const url = process.env.DATABASE_URL!;
      const sampler = postgresCpuSampler(decodeURIComponent(new URL(url).pathname.slice(1)), 50);
      const connection = postgres(url, { max: 1, onnotice: () => {} });
      await connection`select count(*) from generate_series(1, 2000000)`;
      await new Promise((r) => setTimeout(r, 120));
      await connection.end();
      await new Promise((r) => setTimeout(r, 100));
      const seconds = sampler.stop();
      if (seconds === null) return; // no /proc here
      expect(seconds).toBeGreaterThan(0.05);
    },
  );

  it("projects instances and database cores from CPU per operation", () => {
    // 1,000,000 live sessions: 16,667 heartbeats/s and 278 pairs/s (one open + close an hour each).
    const p = project({ pair: { server: 0.5, database: 0.4 }, heartbeat: { server: 0.2, database: 0.1 } });
    const million = p.rows.find((r) => r.liveSessions === 1_000_000)!;
    expect(million).toMatchObject({ heartbeatsPerSecond: 16_667, pairsPerSecond: 278 });
    expect(million.appCores).toBeCloseTo((16_666.67 * 0.2 + 277.78 * 0.5) / 1000, 2);
    expect(million.instances).toBe(Math.ceil(million.appCores / 0.7));
    expect(million.databaseCoresNeeded).toBe(Math.ceil(million.databaseCores! / 0.7));
    const embedded = project({ pair: { server: 0.5, database: null }, heartbeat: { server: 0.2, database: null } });
    expect(embedded.rows[0]).toMatchObject({ databaseCores: null, databaseCoresNeeded: null, instances: 1 });
  });

  it("times a query and reports its median and p95", async () => {
    const timing = await timeRepeated(() => poolUsages(db, {}), 3, 1);
    expect(timing.runs).toBe(3);
    expect(timing.p95).toBeGreaterThanOrEqual(timing.median);
    expect(timing.median).toBeGreaterThanOrEqual(timing.min);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
  });

  describe("load loops (on a fake clock: a 'request' is a timer of the given length)", () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    /** A load of 1 second over requests that each take `ms`. */
    async function load(ms: number, rate?: number) {
      vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
      const request = (lap: (t: number) => void, due: number) =>
        timed(lap, () => new Promise((r) => setTimeout(r, ms)), due).then(() => true);
      const result = loadLoop(2, 1, request, { rate, warmupSeconds: 0 });
      await vi.runAllTimersAsync();
      return result;
    }

    it("closed: each client starts again as soon as it is answered", async () => {
      const r = await load(10);
      expect(r.pairsPerSecond).toBeCloseTo(200, -1);
      expect(r.p99).toBe(10);
    });

    it("paced: starts the asked rate, and a server slower than the pace shows its queueing", async () => {
      const onPace = await load(10, 20);
      expect(onPace.requests).toBe(20);
      expect(onPace.p99).toBe(10);
      // 2 clients at 40/s in all: one request every 50 ms each, but a request takes 100 ms.
      const behind = await load(100, 40);
      expect(behind.requests).toBe(20);
      expect(behind.p50).toBeGreaterThan(250);
      expect(behind.p99).toBeGreaterThan(500);
    });

    it("paces the p99 target at the required share of pgbench's spread figure, or half the API's own", () => {
      const api = { clients: 32, seconds: 10, pairsPerSecond: 400, requests: 8000, p50: 30, p99: 60, errors: 0 };
      expect(
        pacedRate({
          api,
          pgbench: {
            clients: 32,
            seconds: 10,
            pairsPerSecond: 1000,
            p50: 30,
            p99: 150,
            failed: 0,
            databaseMsPerOp: null,
            clientMsPerOp: null,
          },
        }).rate,
      ).toBe(350);
      expect(pacedRate({ api, pgbench: null }).rate).toBe(200);
    });
  });

  it("reports a missed target as missed, with what bounds it, and an unmeasured one as not measured", () => {
    const timing = { median: 120, p95: 130, min: 110, runs: 3 };
    const load = (pairsPerSecond: number, p99 = 30) => ({
      clients: 32,
      seconds: 1,
      pairsPerSecond,
      requests: 20,
      p50: 5,
      p99,
      errors: 0,
    });
    const pgbench = (pairsPerSecond: number) => ({
      clients: 32,
      seconds: 1,
      pairsPerSecond,
      p50: 5,
      p99: 50,
      failed: 0,
      databaseMsPerOp: 0.3,
      clientMsPerOp: 0.1,
    });
    const cpu = (machineCores: number) => ({
      serverMsPerOp: 0.6,
      databaseMsPerOp: 0.4,
      clientMsPerOp: 0.2,
      serverCores: 0.9,
      databaseCores: 0.6,
      clientCores: 0.3,
      machineCores,
    });
    const results: BenchResults = {
      machine: { cpus: 2 },
      races: [
        {
          race: "session opens",
          requests: 1000,
          limit: 10,
          granted: 11,
          refused: {},
          reportedInUse: 11,
          overAllocations: 1,
          exact: false,
        },
      ],
      throughput: [{ clients: 32, api: load(10), pgbench: null, ratio: null, cpu: null }],
      spread: null,
      heartbeats: null,
      paced: { rate: 5, basis: "test", api: load(5, 26), cpu: null },
      projection: null,
      growth: [],
      consoleQueries: [{ query: "users page (first)", source: "listUsersPage", target: 100, ...timing }],
      firstLoad: [
        { route: "/(console)/users/page", files: 1, rawKB: 1, gzipKB: TARGETS.firstLoadKB + 0.1 },
        { route: "/(console)/dashboard/page", files: 1, rawKB: 1, gzipKB: 1 },
      ],
    };
    // Over-allocation, hot pool (no pgbench), spread and heartbeats (not run), p99, dashboard (not
    // timed), users page, first-load JS (one console page over the limit fails it, and the report
    // names that page).
    const checks = evaluateTargets(results);
    expect(checks.map((t) => t.met)).toEqual([false, null, null, null, false, null, false, false]);
    expect(checks.at(-1)!.measured).toContain(`/users ${TARGETS.firstLoadKB + 0.1} KB`);
    expect(checks[4]!.bound).toMatch(/no CPU figures/);
    expect(evaluateTargets({ ...results, firstLoad: results.firstLoad.slice(1) }).at(-1)!.met).toBe(true);

    // With pgbench: the hot pool met at 1.0 ×, spread missed (CPU-bound), heartbeats missed with cores to spare.
    const measured = evaluateTargets({
      ...results,
      throughput: [{ clients: 32, api: load(1000), pgbench: pgbench(1000), ratio: 1, cpu: cpu(1.9) }],
      spread: {
        clients: 32,
        api: load(1000),
        pgbench: pgbench(4000),
        ratio: 0.25,
        cpu: cpu(1.95),
        pools: 10,
        pgbenchPools: 100,
      },
      heartbeats: {
        clients: 32,
        api: load(1000),
        pgbench: pgbench(20_000),
        ratio: 0.05,
        cpu: cpu(1.2),
        liveSessions: 128,
      },
    });
    expect(measured.slice(1, 4).map((t) => t.met)).toEqual([true, false, false]);
    expect(measured[1]!.bound).toBeUndefined();
    expect(measured[2]!.bound).toMatch(/^CPU, mostly the server's/);
    expect(measured[3]!.bound).toMatch(/^waiting, not CPU/);
    expect(boundBy({ ...cpu(2), serverMsPerOp: 0.1 }, 2)).toMatch(/^CPU, mostly the database's/);
    expect(boundBy({ ...cpu(2), serverCores: 0.3, databaseCores: 0.2, clientCores: 0.1 }, 2)).toMatch(
      /^the machine's other work, then the server's CPU .*0\.6 of them this run's/,
    );
  });
});
