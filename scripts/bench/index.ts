// `npm run bench`: measures SPEC §7 against the production server and writes bench-results/latest.json.
// Options: --quick (short runs while developing), --smoke (every step at a tiny size in seconds,
// for `npm test`: fails only on an error or an over-allocation, never on a timing), --seconds N
// (per load step), --port N.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { closeDb, getDb, rowsOf } from "@/db/client";
import { env } from "@/lib/env";
import { createApiKey, createBenchContract, THROUGHPUT_MODULE } from "@/lib/bench/api-fixtures";
import { timeConsoleQueries, timeDashboard } from "@/lib/bench/console-timing";
import { consoleFirstLoads } from "@/lib/bench/first-load";
import { BenchClient } from "@/lib/bench/http-client";
import { runPgbench, type PgbenchResult } from "@/lib/bench/pgbench";
import { runRaces } from "@/lib/bench/races";
import { machineFacts, table, writeResults } from "@/lib/bench/report";
import { CHURNED_TABLES, FULL_SCALE, seedScaleOrganization, sessionUser, vacuum } from "@/lib/bench/seed";
import { round, timeRepeated } from "@/lib/bench/stats";
import { listUsersPage, parseUserFilters } from "@/lib/console/users-queries";
import { benchEnvironment, buildIfNeeded, createOperatorTokenViaCli, startServer } from "@/lib/bench/server-process";
import { evaluateTargets, pacedRate } from "@/lib/bench/targets";
import { failures, openCloseLoad } from "@/lib/bench/throughput";

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
// Cost growth compares 1,000, 10,000 and 100,000 users (same profiles, sessions and history).
const SCALE = smoke
  ? { users: 300, profiles: 10, liveSessions: 30, activations: 60, sampleMinutes: 1_440 }
  : FULL_SCALE;
const GROWTH_USERS = smoke ? [100, 200, 300] : [1_000, 10_000, FULL_SCALE.users];

async function main() {
  const started = performance.now();
  buildIfNeeded();
  const bench = benchEnvironment(port);
  const machine = machineFacts(bench.database);
  console.log(
    `Seatkeeper bench on ${bench.database}, ${machine.cpus} CPUs, load ${machine.loadAverage.join(" ")}${smoke ? " (smoke)" : quick ? " (quick)" : ""}`,
  );
  const operator = createOperatorTokenViaCli(bench.env);
  const onPostgres = bench.database === "postgres";

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

  const server = await startServer(bench.env);
  // 250 sockets: 1,000 requests in flight at once, without overflowing the listen backlog (511).
  const client = new BenchClient(server.url, 250);
  try {
    const contract = await createBenchContract(client, operator);

    console.log("Racing 1,000 requests per limit…");
    const races = await runRaces(client, contract.apiKey);

    console.log(`Open + close load, ${seconds} s per step…`);
    const poolId = onPostgres ? await throughputPoolId(contract.contractId) : null;
    // Between steps, the dead rows of the last one are vacuumed away when autovacuum is off
    // (as on this machine's PostgreSQL); with autovacuum on, it does that itself.
    const autovacuumOff =
      onPostgres &&
      rowsOf<{ value: string }>(await getDb().execute(sql`select current_setting('autovacuum') as value`))[0]!.value ===
        "off";
    if (autovacuumOff)
      console.log("(autovacuum is off on this server: the bench vacuums the tables its load churns between steps)");
    const settle = () => (autovacuumOff ? vacuum(getDb(), CHURNED_TABLES) : Promise.resolve());
    const throughput: {
      clients: number;
      api: Awaited<ReturnType<typeof openCloseLoad>>;
      pgbench: PgbenchResult | null;
      ratio: number | null;
    }[] = [];
    for (const clients of CLIENTS) {
      await settle();
      const api = await openCloseLoad(client, contract.apiKey, { module: THROUGHPUT_MODULE, clients, seconds });
      await settle();
      const pgbench = poolId
        ? await runPgbench(
            {
              databaseUrl: process.env.DATABASE_URL!,
              organizationId: contract.organizationId,
              contractId: contract.contractId,
              poolId,
            },
            clients,
            seconds,
          )
        : null;
      throughput.push({
        clients,
        api,
        pgbench,
        ratio: pgbench ? round(api.pairsPerSecond / pgbench.pairsPerSecond, 3) : null,
      });
    }
    const { rate, basis } = pacedRate(throughput.find((t) => t.clients === 32)!);
    console.log(`32 clients paced at ${rate} pairs/s (${basis})…`);
    await settle();
    // Three times as long as a step: a full run spans the server's background jobs too (a usage
    // sample every 15 s, the expiry sweep every 30 s), whose work the p99 must include.
    const paced = {
      rate,
      basis,
      api: await openCloseLoad(client, contract.apiKey, {
        module: THROUGHPUT_MODULE,
        clients: 32,
        rate,
        seconds: seconds * 3,
      }),
    };

    const growth = [];
    let consoleQueries = null;
    if (scale) {
      console.log("Cost growth and console queries at scale…");
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
      throughput,
      paced,
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
        ...throughput.map((t) => t.api.errors + (t.pgbench?.failed ?? 0)),
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
    await closeDb();
    bench.cleanup();
  }
}

async function throughputPoolId(contractId: string) {
  const rows = rowsOf<{ id: string }>(
    await getDb().execute(
      sql`select lp.id from license_pools lp join modules m on m.id = lp.module_id where lp.contract_id = ${contractId} and m.key = ${THROUGHPUT_MODULE}`,
    ),
  );
  return rows[0]!.id;
}

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
  console.log(
    table(
      "Client API: session open + close (latency per request, ms; pgbench latency per open+close pair)",
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
  if (r.paced) {
    const p = r.paced;
    console.log(
      table(
        `Client API, 32 clients paced at ${p.rate} pairs/s (${p.basis}); latency per request from when it was due, ms`,
        [
          {
            "offered pairs/s": p.rate,
            "served pairs/s": p.api.pairsPerSecond,
            p50: p.api.p50,
            p99: p.api.p99,
            errors: p.api.errors,
          },
        ],
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
