import http from "node:http";
import { percentile, round } from "./stats";

// A small keep-alive HTTP client (node:http with a socket pool) and a closed-loop load driver:
// N workers each send their next request as soon as the previous answered, like pgbench clients.

export type Reply = { status: number; body: unknown };

export class BenchClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, sockets: number) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  request(method: string, path: string, token: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = null;
            if (text) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

export type LoadResult = {
  clients: number;
  seconds: number;
  /** Completed iterations (e.g. open + close pairs) per second. */
  pairsPerSecond: number;
  requests: number;
  /** Per-request latency, milliseconds. */
  p50: number;
  p99: number;
  errors: number;
};

/**
 * Runs `iteration` in `clients` loops for `seconds` (after a short warm-up). `iteration` reports
 * each request's latency through `lap` and returns false when something failed; it is told which
 * client (0 … clients − 1) runs it.
 * - Closed loop (no `rate`): each client starts its next iteration as soon as the last one
 *   answered, like pgbench clients: it measures the most the server does, and at saturation the
 *   latency is simply clients ÷ throughput.
 * - Paced (`rate` iterations per second in all): each client starts its iterations on its own
 *   fixed schedule, as licensed applications do when they open and close sessions. A client that
 *   falls behind starts at once, and latency counts from when its iteration was due (`due`), so a
 *   slow server cannot hide its queueing (no coordinated omission); the served rate then falls
 *   short of `rate`.
 */
export async function loadLoop(
  clients: number,
  seconds: number,
  iteration: (lap: (ms: number) => void, due: number, client: number) => Promise<boolean>,
  options: { rate?: number; warmupSeconds?: number } = {},
): Promise<LoadResult> {
  const period = options.rate ? (clients / options.rate) * 1000 : 0;
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let pairs = 0;
    let errors = 0;
    const started = performance.now();
    const until = started + ms;
    const lap = (t: number) => {
      if (record) latencies.push(t);
    };
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        // Paced clients are spread evenly over one period, so they don't all fire together.
        let due = started + (period * i) / clients;
        while (due < until && performance.now() < until) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (await iteration(lap, period ? due : performance.now(), i)) pairs++;
          else errors++;
          due = period ? due + period : performance.now();
        }
      }),
    );
    return { latencies, pairs, errors, elapsed: (performance.now() - started) / 1000 };
  };
  const warmupSeconds = options.warmupSeconds ?? 1;
  if (warmupSeconds > 0) await run(warmupSeconds * 1000, false);
  const r = await run(seconds * 1000, true);
  return {
    clients,
    seconds: round(r.elapsed, 1),
    pairsPerSecond: round(r.pairs / r.elapsed, 1),
    requests: r.latencies.length,
    p50: round(percentile(r.latencies, 50)),
    p99: round(percentile(r.latencies, 99)),
    errors: r.errors,
  };
}

/** Times one request, from `from` (when it was due; now by default) until it answered. */
export async function timed<T>(
  lap: (ms: number) => void,
  work: () => Promise<T>,
  from = performance.now(),
): Promise<T> {
  const result = await work();
  lap(performance.now() - from);
  return result;
}
