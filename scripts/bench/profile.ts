// `npm run bench:profile`: where the server's CPU goes on the client API's hot path. Starts the
// production server with `--cpu-prof`, runs open + close pairs (or heartbeats, `--heartbeats`)
// from 8 clients for --seconds N (default 10), stops it, and prints the functions with the most
// self time, summed by function and by package. The .cpuprofile is kept (open it in Chrome's
// DevTools or speedscope). Uses DATABASE_URL, or an embedded database in a temp folder.
// --checkout <dir> profiles another checkout's build (e.g. an older commit) the same way.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBenchContract, THROUGHPUT_MODULE } from "@/lib/bench/api-fixtures";
import { BenchClient } from "@/lib/bench/http-client";
import { table } from "@/lib/bench/report";
import { benchEnvironment, createOperatorTokenViaCli, startServer } from "@/lib/bench/server-process";
import { round } from "@/lib/bench/stats";
import { heartbeatLoad, openCloseLoad, openLiveSessions } from "@/lib/bench/throughput";

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    port: { type: "string" },
    clients: { type: "string" },
    heartbeats: { type: "boolean" },
    checkout: { type: "string" },
  },
});

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/**
 * Self time per function and per package (node_modules/<name>, node: internals, our code), over
 * the samples taken after `skipMs` (the server's start and the fixtures are not the hot path).
 */
function summarize(profile: Profile, skipMs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    if (at > skipMs) self.set(id, (self.get(id) ?? 0) + ms);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^file:\/\//, "");
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
      (file.startsWith("node:") || !file
        ? file || "(native)"
        : path.relative(process.cwd(), file).split("/").slice(0, 2).join("/"));
    const fn = `${functionName || "(anonymous)"} ${path.basename(file)}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: round(ms, 0), share: `${round((100 * ms) / total, 1)} %` }));
  return { totalMs: round(total, 0), functions: top(byFunction, 30), packages: top(byPackage, 20) };
}

async function main() {
  const seconds = Number(values.seconds ?? 10);
  const clients = Number(values.clients ?? 8);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seatkeeper-profile-"));
  const bench = benchEnvironment(Number(values.port ?? 3409));
  const checkout = path.resolve(values.checkout ?? process.cwd());
  const operator = createOperatorTokenViaCli(bench.env, checkout);
  const spawned = performance.now();
  const server = await startServer(bench.env, checkout, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  const client = new BenchClient(server.url, 250);
  let operations = 0;
  let loadStarted = 0;
  try {
    const { apiKey } = await createBenchContract(client, operator);
    // The load's first second is its warm-up: the profile counts from there.
    loadStarted = performance.now() + 1000;
    if (values.heartbeats) {
      const live = await openLiveSessions(client, apiKey, { modules: [THROUGHPUT_MODULE], clients, perClient: 1 });
      const result = await heartbeatLoad(client, apiKey, live, { seconds });
      operations = result.pairsPerSecond * result.seconds;
      console.log(`${result.pairsPerSecond} heartbeats/s, p50 ${result.p50} ms, ${result.errors} errors`);
    } else {
      const result = await openCloseLoad(client, apiKey, { module: THROUGHPUT_MODULE, clients, seconds });
      operations = result.pairsPerSecond * result.seconds;
      console.log(`${result.pairsPerSecond} open + close pairs/s, p50 ${result.p50} ms, ${result.errors} errors`);
    }
  } finally {
    client.close();
    await server.stop();
    bench.cleanup();
  }
  // tsx runs the server in a child node process: the profile with the most samples is the server's.
  const profiles = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const biggest = profiles.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!biggest) throw new Error(`No profile was written to ${dir} (did the server exit cleanly?).`);
  const summary = summarize(JSON.parse(fs.readFileSync(biggest, "utf8")) as Profile, loadStarted - spawned);
  console.log(
    `Profile ${biggest}: ${summary.totalMs} ms sampled, ${round(summary.totalMs / operations, 3)} ms per ${values.heartbeats ? "heartbeat" : "pair"} (idle time included; the server's start and the first second of load left out)`,
  );
  console.log(table("Self time by package", summary.packages));
  console.log(table("Self time by function", summary.functions));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
