// `npm run bench`: measures SPEC §7 against the production server and writes bench-results/latest.json.
// Options: --quick (short runs while developing), --smoke (every step at a tiny size in seconds,
// for `npm test`: fails only on an error or an over-allocation, never on a timing), --seconds N
// (per load step), --port N.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDb, getDb, rowsOf } from "@/db/client";
import { env } from "@/lib/env";
import {
  createApiKey,
  createBenchContract,
  createPgbenchSpreadContract,
  PGBENCH_SPREAD_MODULES,
  SPREAD_MODULES,
  THROUGHPUT_MODULE,
} from "@/lib/bench/api-fixtures";
import { timeConsoleQueries, timeDashboard } from "@/lib/bench/console-timing";
import { consoleFirstLoads } from "@/lib/bench/first-load";
import { cpuMeter, type CpuUse } from "@/lib/bench/cpu";
import { BenchClient, type LoadResult } from "@/lib/bench/http-client";
import { heartbeatScript, openCloseScript, runPgbench, type PgbenchResult } from "@/lib/bench/pgbench";
import { project } from "@/lib/bench/projection";
import { runRaces } from "@/lib/bench/races";
import { createMinimalSchema, dropMinimalSchema, minimalOpenCloseScript } from "@/lib/bench/minimal-schema";
import { machineFacts, table, writeResults } from "@/lib/bench/report";
import { CHURNED_TABLES, FULL_SCALE, seedScaleOrganization, sessionUser, vacuum } from "@/lib/bench/seed";
import { round, timeRepeated } from "@/lib/bench/stats";
import { deleteStormOrganizations, seedStormOrganizations, STORM_POOLS } from "@/lib/bench/storm";
import { listUsersPage, parseUserFilters } from "@/lib/console/users-queries";
import { benchEnvironment, buildIfNeeded, createOperatorTokenViaCli, startServer } from "@/lib/bench/server-process";
import { evaluateTargets, pacedRate, TARGETS, type Comparison } from "@/lib/bench/targets";
import {
  closeLiveSessions,
  failures,
  heartbeatLoad,
  openCloseLoad,
  openLiveSessions,
  spreadOpenCloseLoad,
} from "@/lib/bench/throughput";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    smoke: { type: "boolean" },
    seconds: { type: "string" },
    port: { type: "string" },
  },
});
const smoke = values.smoke ?? false;
const quick = (values.quick ?? false) || smoke;
const seconds = Number(values.seconds ?? (smoke ? 1 : quick ? 3 : 10));
const port = Number(values.port ?? process.env.BENCH_PORT ?? 3405);
const CLIENTS = [1, 8, 32];
/** Live sessions each of the 32 heartbeating clients holds and heartbeats in turn. */
const HEARTBEAT_SESSIONS_PER_CLIENT = 4;
// Cost growth compares 1,000, 10,000 and 100,000 users (same profiles, sessions and history).
const SCALE = smoke
  ? { users: 300, profiles: 10, liveSessions: 30, activations: 60, sampleMinutes: 1_440 }
  : FULL_SCALE;
const GROWTH_USERS = smoke ? [100, 200, 300] : [1_000, 10_000, FULL_SCALE.users];
/** The log-in storm's organizations, each with its own contract, API key and 2–3 pools. */
const STORM_ORGANIZATIONS = smoke ? 20 : 200;

async function main() {
  const started = performance.now();
  /** A step's start, with the seconds since the run began (where a slow run spends its time). */
  const progress = (line: string) => console.log(`[${Math.round((performance.now() - started) / 1000)} s] ${line}`);
  buildIfNeeded();
  const bench = benchEnvironment(port);
  const machine = machineFacts(bench.database);
  console.log(
    `Seatkeeper bench on ${bench.database}, ${machine.cpus} CPUs, load ${machine.loadAverage.join(" ")}${smoke ? " (smoke)" : quick ? " (quick)" : ""}`,
  );
  const operator = createOperatorTokenViaCli(bench.env);
  const onPostgres = bench.database === "postgres";
  // On the embedded database this process seeds the log-in storm into the server's own folder
  // (while the server is stopped: two processes must never open one folder).
  if (bench.dataDir) process.env.SEATKEEPER_DATA_DIR = bench.dataDir;

  // Console-scale organizations (PostgreSQL only): reused when an earlier run seeded them.
  const scale = onPostgres ? ([] as Awaited<ReturnType<typeof seedScaleOrganization>>[]) : null;
  for (const users of onPostgres ? GROWTH_USERS : [])
    scale!.push(
      await seedScaleOrganization(getDb(), {
        ...SCALE,
        users,
        // 1,000,000 denials and 200,000 audit events at full scale; the smaller organizations in proportion.
        denials: Math.round(((SCALE.denials ?? 0) * users) / SCALE.users),
        auditEvents: Math.round(((SCALE.auditEvents ?? 0) * users) / SCALE.users),
      }),
    );
  if (scale)
    console.log(
      `Scale organizations: ${scale.map((o) => `${o.siteId}${o.created ? ` (seeded in ${o.seconds} s)` : ""}`).join(", ")}`,
    );

  let server = await startServer(bench.env);
  // 250 sockets: 1,000 requests in flight at once, without overflowing the listen backlog (511).
  const client = new BenchClient(server.url, 250);
  let ownOrganization: string | undefined;
  try {
    const contract = await createBenchContract(client, operator);
    ownOrganization = contract.organizationId;

    progress("Racing 1,000 requests per limit…");
    const races = await runRaces(client, contract.apiKey);

    // Every API step: 1 s of warm-up (0.3 s in a smoke run), then the measured load with the CPU it cost per operation
    // (the server's process tree, the database's backends, this load client).
    const database = onPostgres ? databaseName(process.env.DATABASE_URL!) : null;
    const measured = async (
      run: (o: { seconds: number; warmupSeconds: number }) => Promise<LoadResult>,
      s = seconds,
    ) => {
      await run({ seconds: smoke ? 0.3 : 1, warmupSeconds: 0 });
      const meter = cpuMeter(server.pid, database);
      const api = await run({ seconds: s, warmupSeconds: 0 });
      return { api, cpu: meter.stop(api.pairsPerSecond * api.seconds) };
    };
    const compared = (
      clients: number,
      step: { api: LoadResult; cpu: CpuUse | null },
      pgbench: PgbenchResult | null,
    ) => ({
      clients,
      ...step,
      pgbench,
      ratio: pgbench ? round(step.api.pairsPerSecond / pgbench.pairsPerSecond, 3) : null,
    });

    // pgbench's yardsticks (PostgreSQL only): the hot pool, and 100 pools of a contract of their own.
    const target = onPostgres
      ? {
          databaseUrl: process.env.DATABASE_URL!,
          organizationId: contract.organizationId,
          contractId: contract.contractId,
          poolId: (await poolIds(contract.contractId, [THROUGHPUT_MODULE]))[0]!,
        }
      : null;
    const pgbenchSpreadPools = target
      ? await poolIds(
          await createPgbenchSpreadContract(client, operator, contract.organizationId),
          PGBENCH_SPREAD_MODULES,
        )
      : [];
    // Between steps, the dead rows of the last one are vacuumed away when autovacuum is off
    // (as on this machine's PostgreSQL); with autovacuum on, it does that itself.
    const autovacuumOff =
      onPostgres &&
      rowsOf<{ value: string }>(await getDb().execute(sql`select current_setting('autovacuum') as value`))[0]!.value ===
        "off";
    if (autovacuumOff)
      console.log("(autovacuum is off on this server: the bench vacuums the tables its load churns between steps)");
    const settle = () => (autovacuumOff ? vacuum(getDb(), CHURNED_TABLES) : Promise.resolve());
    const pgbenchStep = async (clients: number, scripts?: string[]) => {
      await settle();
      return target ? runPgbench(target, clients, seconds, scripts) : null;
    };

    // The server idle (no requests): its background jobs and timers, and the database's share of
    // them, which every step's CPU includes and which a slow step spreads over fewer operations.
    await settle();
    const idleMeter = cpuMeter(server.pid, database);
    await new Promise((r) => setTimeout(r, (smoke ? 0.5 : Math.min(5, seconds)) * 1000));
    const idle = idleMeter.stop(1);

    progress(`Open + close on one hot pool, ${seconds} s per step…`);
    const throughput: Comparison[] = [];
    for (const clients of CLIENTS) {
      await settle();
      const step = await measured((o) =>
        openCloseLoad(client, contract.apiKey, { module: THROUGHPUT_MODULE, clients, ...o }),
      );
      throughput.push(compared(clients, step, await pgbenchStep(clients)));
    }

    progress(
      `Open + close spread over ${SPREAD_MODULES.length} pools${target ? ` (pgbench: ${pgbenchSpreadPools.length} pools)` : ""}, 32 clients…`,
    );
    await settle();
    const spreadStep = await measured((o) =>
      openCloseLoad(client, contract.apiKey, { module: SPREAD_MODULES, clients: 32, ...o }),
    );
    const spread = {
      ...compared(32, spreadStep, target ? await pgbenchStep(32, pgbenchSpreadPools.map(openCloseScript)) : null),
      pools: SPREAD_MODULES.length,
      pgbenchPools: PGBENCH_SPREAD_MODULES.length,
    };

    const perClient = smoke ? 1 : HEARTBEAT_SESSIONS_PER_CLIENT;
    progress(`Heartbeats: 32 clients, ${32 * perClient} live sessions…`);
    const live = await openLiveSessions(client, contract.apiKey, { modules: SPREAD_MODULES, clients: 32, perClient });
    await settle();
    const beats = await measured((o) => heartbeatLoad(client, contract.apiKey, live, o));
    const heartbeats = {
      ...compared(32, beats, await pgbenchStep(32, [heartbeatScript(live)])),
      liveSessions: 32 * perClient,
    };
    const unclosed = await closeLiveSessions(client, contract.apiKey, live);

    const { rate, basis } = pacedRate(spread);
    progress(`32 clients over ${SPREAD_MODULES.length} pools paced at ${rate} pairs/s (${basis})…`);
    await settle();
    // Three times as long as a step: a full run spans the server's background jobs too (a usage
    // sample every 15 s, the expiry sweep every 30 s), whose work the p99 must include.
    const paced = {
      rate,
      basis,
      ...(await measured(
        (o) => openCloseLoad(client, contract.apiKey, { module: SPREAD_MODULES, clients: 32, rate, ...o }),
        seconds * 3,
      )),
    };

    progress(`Log-in storm: 32 clients over ${STORM_ORGANIZATIONS} organizations' pools…`);
    await settle();
    let seeded;
    if (onPostgres) seeded = await seedStormOrganizations(getDb(), STORM_ORGANIZATIONS);
    else {
      await server.stop();
      seeded = await seedStormOrganizations(getDb(), STORM_ORGANIZATIONS);
      await closeDb();
      server = await startServer(bench.env);
    }
    // Its own keep-alive agent: one socket per client, opened afresh against a restarted server.
    const stormClient = new BenchClient(server.url, 32);
    let storm;
    try {
      const step = await measured((o) => spreadOpenCloseLoad(stormClient, seeded.targets, { clients: 32, ...o }));
      let minimal: PgbenchResult | null = null;
      if (onPostgres) {
        await settle();
        await createMinimalSchema(getDb(), seeded.pools);
        try {
          minimal = await runPgbench({ databaseUrl: process.env.DATABASE_URL! }, 32, seconds, [
            minimalOpenCloseScript(seeded.pools),
          ]);
        } finally {
          await dropMinimalSchema(getDb());
        }
      }
      storm = {
        ...compared(32, step, minimal),
        organizations: seeded.organizations,
        pools: seeded.pools,
        seedSeconds: seeded.seconds,
      };
    } finally {
      stormClient.close();
      // The storm's 200 organizations go at once: the later steps and runs measure without them.
      if (onPostgres) await deleteStormOrganizations(getDb(), seeded);
    }

    // The scale model, from the spread pairs' and the heartbeats' CPU per operation (PostgreSQL:
    // the embedded database is one process, so it has no instances to add).
    const projection =
      onPostgres && spread.cpu && heartbeats.cpu
        ? project({
            pair: { server: spread.cpu.serverMsPerOp, database: spread.cpu.databaseMsPerOp },
            heartbeat: { server: heartbeats.cpu.serverMsPerOp, database: heartbeats.cpu.databaseMsPerOp },
          })
        : null;

    const growth = [];
    let consoleQueries = null;
    if (scale) {
      progress("Cost growth and console queries at scale…");
      for (const org of scale) {
        const key = await createApiKey(client, operator, org.contractId);
        const username = await sessionUser(getDb(), org.organizationId);
        await settle();
        const load = await openCloseLoad(client, key, {
          module: "bench-desktop",
          username,
          clients: 8,
          seconds: Math.max(2, Math.round(seconds / 2)),
        });
        await settle();
        growth.push({
          users: org.users,
          openCloseP50: load.p50,
          openCloseP99: load.p99,
          pairsPerSecond: load.pairsPerSecond,
          errors: load.errors,
          dashboard: await timeDashboard(getDb(), org.organizationId, quick ? 5 : 15),
          usersPage: await timeRepeated(
            () => listUsersPage(getDb(), org.organizationId, parseUserFilters({})),
            quick ? 5 : 15,
          ),
        });
      }
      consoleQueries = await timeConsoleQueries(
        getDb(),
        scale.at(-1)!.organizationId,
        scale.at(-1)!.users,
        quick ? 5 : 15,
      );
    }

    const firstLoad = consoleFirstLoads();
    const results = {
      machine,
      settings: {
        seconds,
        clients: CLIENTS,
        quick,
        smoke,
        vacuumsBetweenSteps: autovacuumOff,
        dbPool: env().SEATKEEPER_DB_POOL,
        runSeconds: Math.round((performance.now() - started) / 1000),
      },
      races,
      idle,
      throughput,
      spread,
      heartbeats,
      unclosedLiveSessions: unclosed,
      paced,
      storm,
      projection,
      growth,
      consoleQueries,
      firstLoad,
      failures: failures.seen,
    };
    const targets = evaluateTargets(results);
    print(results, targets);
    console.log(
      `\nWrote ${writeResults({ ...results, targets }, smoke ? "smoke.json" : "latest.json")} (run took ${results.settings.runSeconds} s)`,
    );
    // A smoke run's timings mean nothing on a busy test machine; its correctness does.
    if (smoke) {
      const errors = [
        ...[...throughput, spread, heartbeats, storm].map((t) => t.api.errors + (t.pgbench?.failed ?? 0)),
        unclosed,
        paced.api.errors,
        ...growth.map((g) => g.errors),
      ];
      return races.every((x) => x.exact) && errors.every((n) => n === 0) ? 0 : 1;
    }
    return targets.every((t) => t.met !== false) ? 0 : 1;
  } catch (e) {
    console.error(`The server's last output:\n${server.tail()}`);
    throw e;
  } finally {
    client.close();
    await server.stop();
    // The run's own organization goes (its sessions, pools and pgbench's 100 pools with it), so
    // runs on one database measure the same database: the server's jobs (the usage sampler reads
    // every pool every 15 s) would otherwise grow with every run's leftovers.
    if (ownOrganization && onPostgres)
      await getDb().execute(sql`delete from organizations where id = ${ownOrganization}`);
    await closeDb();
    bench.cleanup();
  }
}

/** The pools of a contract for the given modules, in the modules' order. */
async function poolIds(contractId: string, moduleKeys: readonly string[]) {
  const rows = rowsOf<{ id: string; key: string }>(
    await getDb().execute(
      sql`select lp.id, m.key from license_pools lp join modules m on m.id = lp.module_id where lp.contract_id = ${contractId}`,
    ),
  );
  const byKey = new Map(rows.map((r) => [r.key, r.id]));
  return moduleKeys.map((key) => byKey.get(key) ?? fail(`No pool of ${key} on contract ${contractId}`));
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** The database's name in a PostgreSQL URL (whose backends' CPU the bench counts). */
const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

type Results = Parameters<typeof evaluateTargets>[0];

function print(r: Results, targets: ReturnType<typeof evaluateTargets>) {
  console.log(
    table(
      "Correctness under load (1,000 racing requests)",
      r.races.map((x) => ({
        race: x.race,
        limit: x.limit,
        granted: x.granted,
        reported: x.reportedInUse,
        overAllocations: x.overAllocations,
        refused: JSON.stringify(x.refused),
      })),
    ),
  );
  const ms = (n: number | null | undefined) => (n === null || n === undefined ? "" : n);
  console.log(
    table(
      "Hot pool: session open + close on ONE pool (latency per request, ms; pgbench's naive pair on the same pool, latency per pair)",
      r.throughput.map((t) => ({
        clients: t.clients,
        "api pairs/s": t.api.pairsPerSecond,
        "api p50": t.api.p50,
        "api p99": t.api.p99,
        errors: t.api.errors,
        "pgbench pairs/s": t.pgbench?.pairsPerSecond,
        "pgbench p50": t.pgbench?.p50,
        "pgbench p99": t.pgbench?.p99,
        ratio: t.ratio,
      })),
    ),
  );
  const at32 = r.throughput.find((t) => t.clients === 32);
  const rows = [
    { name: "hot pool open + close (1 pool; pgbench 1 pool)", step: at32, target: TARGETS.hotPoolRatio },
    {
      name: `spread open + close (${r.spread?.pools} pools; pgbench ${r.spread?.pgbenchPools} pools)`,
      step: r.spread,
      target: TARGETS.spreadRatio,
    },
    {
      name: `heartbeats (${r.heartbeats?.liveSessions} live sessions; pgbench's naive update)`,
      step: r.heartbeats,
      target: TARGETS.heartbeatRatio,
    },
  ];
  console.log(
    table(
      "32 clients, closed loop: the API against pgbench's naive SQL in the same run (operations/s: pairs or heartbeats)",
      rows.map(({ name, step, target }) => ({
        step: name,
        "api ops/s": step?.api.pairsPerSecond,
        "api p50 ms": step?.api.p50,
        "api p99 ms": step?.api.p99,
        errors: step?.api.errors,
        "pgbench ops/s": step?.pgbench?.pairsPerSecond,
        "pgbench p99 ms": step?.pgbench?.p99,
        ratio: step?.ratio,
        target: `≥ ${target}`,
      })),
    ),
  );
  if (r.paced) {
    const p = r.paced;
    console.log(
      table(
        `Client API, 32 clients over ${r.spread?.pools} pools paced at ${p.rate} pairs/s (${p.basis}); latency per request from when it was due, ms`,
        [
          {
            "offered pairs/s": p.rate,
            "served pairs/s": p.api.pairsPerSecond,
            p50: p.api.p50,
            p99: p.api.p99,
            errors: p.api.errors,
            target: `p99 ≤ ${TARGETS.p99Ms}`,
          },
        ],
      ),
    );
  }
  if (r.storm) {
    const st = r.storm;
    console.log(
      table(
        [
          `Log-in storm: 32 clients opening and closing across ${st.organizations} organizations (each its own contract, API key`,
          `  and 2–3 of ${STORM_POOLS.length} pools: concurrent, and named with sessions; ${st.pools} pools, seeded in ${st.seedSeconds} s), against`,
          `  pgbench's naive pair over ${st.pools} pools on the MINIMAL schema (one pool table with a counter and a CHECK, one session`,
          `  table with one index); CPU per pair, ms (server: its process tree; database: PostgreSQL's processes for this database)`,
        ].join("\n"),
        [
          {
            "api pairs/s": st.api.pairsPerSecond,
            "api p50 ms": st.api.p50,
            "api p99 ms": st.api.p99,
            errors: st.api.errors,
            "server ms/pair": ms(st.cpu?.serverMsPerOp),
            "database ms/pair": st.cpu ? (st.cpu.databaseMsPerOp ?? "in server") : "",
            "minimal pgbench pairs/s": st.pgbench?.pairsPerSecond ?? "no pgbench (embedded database)",
            "minimal pgbench database ms/pair": ms(st.pgbench?.databaseMsPerOp),
            ratio: st.ratio,
          },
        ],
      ),
    );
  }
  const idle = r.idle;
  const cpuRows = [
    ...r.throughput.map((t) => ({
      step: `hot pool, ${t.clients} clients`,
      unit: "pair",
      cpu: t.cpu,
      naive: t.pgbench,
    })),
    { step: "spread, 32 clients", unit: "pair", cpu: r.spread?.cpu, naive: r.spread?.pgbench },
    { step: "heartbeats, 32 clients", unit: "heartbeat", cpu: r.heartbeats?.cpu, naive: r.heartbeats?.pgbench },
    { step: "paced, 32 clients", unit: "pair", cpu: r.paced?.cpu, naive: null },
    {
      step: "log-in storm, 32 clients (pgbench: minimal schema)",
      unit: "pair",
      cpu: r.storm?.cpu,
      naive: r.storm?.pgbench,
    },
  ];
  if (idle)
    console.log(
      `\nServer idle (no requests, its background jobs only): server ${idle.serverCores} cores, database ${idle.databaseCores ?? "(in server)"} cores; each step below includes that much, spread over its operations.`,
    );
  console.log(
    table(
      "CPU per operation, ms (server: its process tree; database: PostgreSQL's processes for this database; load client: the bench; pgbench's naive SQL beside it) and busy cores",
      cpuRows.map(({ step, unit, cpu, naive }) => ({
        step,
        op: unit,
        "server ms/op": ms(cpu?.serverMsPerOp),
        "database ms/op": cpu ? (cpu.databaseMsPerOp ?? "in server") : "",
        "pgbench: database ms/op": ms(naive?.databaseMsPerOp),
        "pgbench: its own ms/op": ms(naive?.clientMsPerOp),
        "client ms/op": ms(cpu?.clientMsPerOp),
        "server cores": ms(cpu?.serverCores),
        "database cores": ms(cpu?.databaseCores),
        "machine cores busy": cpu ? `${cpu.machineCores} of ${r.machine.cpus}` : "",
      })),
    ),
  );
  if (!r.projection)
    console.log(
      "\nProjection: not made (it needs PostgreSQL, which instances share, and /proc for CPU per operation).",
    );
  else {
    const a = r.projection.assumptions;
    const c = r.projection.cpuPerOp;
    console.log(
      table(
        [
          `Projection: live sessions heartbeating every ${a.heartbeatSeconds} s, each session opened and closed once in ${a.sessionHours} h (assumed),`,
          `  from this run's CPU per operation: pair ${c.pair.server} ms server + ${c.pair.database ?? "(in server)"} ms database (spread step),`,
          `  heartbeat ${c.heartbeat.server} ms server + ${c.heartbeat.database ?? "(in server)"} ms database.`,
          `  cores = heartbeats/s × ms per heartbeat + pairs/s × ms per pair, ÷ 1,000; instances (one Node process, one core each)`,
          `  and database cores = cores ÷ ${a.headroom} (each core at most ${Math.round(a.headroom * 100)} % busy), rounded up`,
        ].join("\n"),
        r.projection.rows.map((p) => ({
          "live sessions": p.liveSessions.toLocaleString("en"),
          "heartbeats/s": p.heartbeatsPerSecond.toLocaleString("en"),
          "open+close pairs/s": p.pairsPerSecond.toLocaleString("en"),
          "app cores busy": p.appCores,
          instances: p.instances,
          "database cores busy": p.databaseCores ?? "embedded",
          "database cores": p.databaseCoresNeeded ?? "one process",
        })),
      ),
    );
  }
  console.log(
    table(
      "Cost growth (open/close: 8 clients naming a user, ms per request; dashboard and users page: server time, ms)",
      r.growth.map((g) => ({
        users: g.users,
        "pairs/s": g.pairsPerSecond,
        "open/close p50": g.openCloseP50,
        "open/close p99": g.openCloseP99,
        "dashboard median": g.dashboard.median,
        "dashboard p95": g.dashboard.p95,
        "users page 1 median": g.usersPage.median,
      })),
    ),
  );
  if (r.consoleQueries)
    console.log(
      table(
        `Console data at ${r.growth.at(-1)!.users.toLocaleString("en")} users (server time, ms)`,
        r.consoleQueries.map((q) => ({
          query: q.query,
          median: q.median,
          p95: q.p95,
          min: q.min,
          target: q.target,
          source: q.source,
        })),
      ),
    );
  console.log(
    table(
      "Console pages' first-load JS",
      r.firstLoad.map((p) => ({ route: p.route, files: p.files, "raw KB": p.rawKB, "gzip KB": p.gzipKB })),
    ),
  );
  console.log(
    table(
      "SPEC §7 targets",
      targets.map((t) => ({
        target: t.target,
        measured: t.measured,
        met: t.met === null ? "not measured" : t.met ? "yes" : "NO",
        "bounded by": t.bound,
      })),
    ),
  );
}

main()
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
