// `npm run bench:compare -- --other <checkout> --other-database <url>`: the client API's open +
// close throughput of this checkout against another one (e.g. an older commit, built with
// `next build`), in one session on one machine. Two runs on different days or CPUs can't be
// compared; alternating the two servers step by step in one run can (issues 13 and 15: "no
// regression of the client API's throughput"). DATABASE_URL is this checkout's database;
// --other-database the other's (a different, fresh database on the same PostgreSQL).
// Options: --rounds N (default 3), --seconds N per step (default 10), --port N (this one; the
// other uses N + 1).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createBenchContract, THROUGHPUT_MODULE } from "@/lib/bench/api-fixtures";
import { BenchClient, type LoadResult } from "@/lib/bench/http-client";
import { machineFacts, table, writeResults } from "@/lib/bench/report";
import { cpuMeter } from "@/lib/bench/cpu";
import { CHURNED_TABLES } from "@/lib/bench/seed";
import { benchEnvironment, createOperatorTokenViaCli, startServer } from "@/lib/bench/server-process";
import { round } from "@/lib/bench/stats";
import { failures, openCloseLoad } from "@/lib/bench/throughput";

const { values } = parseArgs({
  options: {
    other: { type: "string" },
    "other-database": { type: "string" },
    rounds: { type: "string" },
    seconds: { type: "string" },
    port: { type: "string" },
  },
});
const CLIENTS = [1, 8, 32];

/** One load step, with the CPU milliseconds each pair cost the server's processes and PostgreSQL. */
type Step = LoadResult & { serverCpuMs: number | null; databaseCpuMs: number | null };

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const otherDir = path.resolve(values.other ?? fail("--other <checkout> is required."));
  const otherDatabase = values["other-database"] ?? fail("--other-database <postgres url> is required.");
  const ownDatabase =
    process.env.DATABASE_URL ?? fail("DATABASE_URL (this checkout's PostgreSQL database) is required.");
  if (otherDatabase === ownDatabase) fail("The two checkouts need two databases.");
  for (const dir of [process.cwd(), otherDir])
    if (!fs.existsSync(path.join(dir, ".next", "BUILD_ID")))
      fail(`${dir} has no production build: run next build there.`);
  const rounds = Number(values.rounds ?? 3);
  const seconds = Number(values.seconds ?? 10);
  const port = Number(values.port ?? 3407);

  const sides = [
    { name: "this", dir: process.cwd(), database: ownDatabase, port },
    { name: "other", dir: otherDir, database: otherDatabase, port: port + 1 },
  ].map((side) => {
    const env = { ...benchEnvironment(side.port).env, DATABASE_URL: side.database };
    return { ...side, env, operator: createOperatorTokenViaCli(env, side.dir), results: [] as Step[] };
  });
  const servers = await Promise.all(sides.map((side) => startServer(side.env, side.dir)));
  const sql = sides.map((side) => postgres(side.database, { max: 1, onnotice: () => {} }));
  try {
    const clients = servers.map((server) => new BenchClient(server.url, 250));
    const keys = await Promise.all(
      sides.map(async (side, i) => (await createBenchContract(clients[i]!, side.operator)).apiKey),
    );
    console.log(
      `${machineFacts("postgres").cpus} CPUs; ${rounds} rounds of ${CLIENTS.join(", ")} clients, ${seconds} s each`,
    );
    for (let r = 0; r < rounds; r++)
      for (const n of CLIENTS)
        // Each round swaps which side goes first, so neither always runs on a warmer machine.
        for (const i of r % 2 ? [1, 0] : [0, 1]) {
          for (const table of CHURNED_TABLES) await sql[i]!.unsafe(`vacuum (analyze) ${table}`);
          const load = { module: THROUGHPUT_MODULE, clients: n };
          await openCloseLoad(clients[i]!, keys[i]!, { ...load, seconds: 1, warmupSeconds: 0 });
          const meter = cpuMeter(servers[i]!.pid, new URL(sides[i]!.database).pathname.slice(1));
          const result = await openCloseLoad(clients[i]!, keys[i]!, { ...load, seconds, warmupSeconds: 0 });
          const cpu = meter.stop(result.pairsPerSecond * result.seconds);
          const step = {
            ...result,
            serverCpuMs: cpu?.serverMsPerOp ?? null,
            databaseCpuMs: cpu?.databaseMsPerOp ?? null,
          };
          sides[i]!.results.push(step);
          console.log(
            `round ${r + 1}, ${n} clients, ${sides[i]!.name}: ${step.pairsPerSecond} pairs/s, p50 ${step.p50} ms, p99 ${step.p99} ms, CPU per pair ${step.serverCpuMs} ms server + ${step.databaseCpuMs} ms PostgreSQL, ${step.errors} errors`,
          );
        }
    const summary = CLIENTS.map((n) => {
      const [own, other] = sides.map((side) => {
        const runs = side.results.filter((x) => x.clients === n);
        const mean = (f: (x: Step) => number | null, digits = 2) =>
          runs.some((x) => f(x) === null) ? null : round(runs.reduce((s, x) => s + f(x)!, 0) / runs.length, digits);
        return {
          pairsPerSecond: mean((x) => x.pairsPerSecond, 1)!,
          p50: mean((x) => x.p50)!,
          serverCpuMs: mean((x) => x.serverCpuMs, 3),
          databaseCpuMs: mean((x) => x.databaseCpuMs, 3),
          errors: runs.reduce((s, x) => s + x.errors, 0),
        };
      });
      return { clients: n, this: own!, other: other!, ratio: round(own!.pairsPerSecond / other!.pairsPerSecond, 3) };
    });
    console.log(
      table(
        `Open + close pairs/s, mean of ${rounds} rounds (this: ${process.cwd()}, other: ${otherDir})`,
        summary.map((s) => ({
          clients: s.clients,
          "this pairs/s": s.this.pairsPerSecond,
          "this p50 ms": s.this.p50,
          "other pairs/s": s.other.pairsPerSecond,
          "other p50 ms": s.other.p50,
          "this CPU ms/pair (server + db)": `${s.this.serverCpuMs} + ${s.this.databaseCpuMs}`,
          "other CPU ms/pair": `${s.other.serverCpuMs} + ${s.other.databaseCpuMs}`,
          "this ÷ other": s.ratio,
          errors: s.this.errors + s.other.errors,
        })),
      ),
    );
    if (failures.seen.length) console.log(`Unexpected answers:\n${failures.seen.join("\n")}`);
    const file = writeResults(
      {
        machine: machineFacts("postgres"),
        rounds,
        seconds,
        other: otherDir,
        summary,
        runs: sides.map((s) => s.results),
      },
      "compare.json",
    );
    console.log(`Wrote ${file}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all(sql.map((s) => s.end()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
