import { loadLoop, timed, type BenchClient, type LoadResult } from "./http-client";

// Session open + close pairs and heartbeats through the client API, as licensed applications do them.

/** Without `rate` a closed loop (as fast as answers come); with it, paced (see loadLoop). */
export type OpenCloseOptions = {
  /** One module (one hot pool), or several: client i opens on modules[i % length] (spread pools). */
  module: string | readonly string[];
  username?: string;
  clients: number;
  seconds: number;
  rate?: number;
  warmupSeconds?: number;
};

const moduleOf = (module: string | readonly string[], client: number) =>
  typeof module === "string" ? module : module[client % module.length]!;

let devices = 0;
const deviceId = () => `load-${process.pid}-${devices++}`;

export function openCloseLoad(client: BenchClient, key: string, o: OpenCloseOptions): Promise<LoadResult> {
  return loadLoop(
    o.clients,
    o.seconds,
    (lap, due, worker) =>
      openClosePair(client, key, { module: moduleOf(o.module, worker), username: o.username }, lap, due),
    { rate: o.rate, warmupSeconds: o.warmupSeconds },
  );
}

/**
 * Open + close pairs across many organizations' pools (the log-in storm), in a closed loop: each
 * client opens on the next target of its own turn (client i takes targets i, i + clients, …,
 * wrapping round), with that target's organization's key, naming its user on a named pool.
 */
export function spreadOpenCloseLoad(
  client: BenchClient,
  targets: readonly { apiKey: string; module: string; username?: string }[],
  o: { clients: number; seconds: number; warmupSeconds?: number },
): Promise<LoadResult> {
  if (targets.length === 0) throw new Error("The storm needs at least one pool to open on.");
  const next = Array.from({ length: o.clients }, (_, i) => i);
  return loadLoop(
    o.clients,
    o.seconds,
    (lap, due, worker) => {
      const at = next[worker]!;
      next[worker] = at + o.clients;
      const target = targets[at % targets.length]!;
      return openClosePair(client, target.apiKey, target, lap, due);
    },
    { warmupSeconds: o.warmupSeconds },
  );
}

/** One session opened and closed again; false (and the answer noted) when either is refused. */
async function openClosePair(
  client: BenchClient,
  key: string,
  on: { module: string; username?: string },
  lap: (ms: number) => void,
  due: number,
): Promise<boolean> {
  const body = {
    module: on.module,
    clientType: "desktop",
    deviceId: deviceId(),
    ...(on.username ? { username: on.username } : {}),
  };
  const opened = await timed(lap, () => client.request("POST", "/api/v1/sessions", key, body), due);
  if (opened.status !== 201) {
    failures.note(opened.status, opened.body);
    return false;
  }
  const id = (opened.body as { session: { id: string } }).session.id;
  const closed = await timed(lap, () => client.request("DELETE", `/api/v1/sessions/${id}`, key));
  if (closed.status !== 204) failures.note(closed.status, closed.body);
  return closed.status === 204;
}

/**
 * Opens `perClient` live sessions for each of `clients` heartbeating clients (client i on
 * modules[i % length]); answers each client's session ids. Throws when an open is refused.
 */
export async function openLiveSessions(
  client: BenchClient,
  key: string,
  o: { modules: readonly string[]; clients: number; perClient: number },
): Promise<string[][]> {
  return Promise.all(
    Array.from({ length: o.clients }, async (_, worker) => {
      const ids: string[] = [];
      for (let n = 0; n < o.perClient; n++) {
        const opened = await client.request("POST", "/api/v1/sessions", key, {
          module: moduleOf(o.modules, worker),
          clientType: "desktop",
          deviceId: deviceId(),
        });
        if (opened.status !== 201)
          throw new Error(`Opening a live session answered ${opened.status}: ${JSON.stringify(opened.body)}`);
        ids.push((opened.body as { session: { id: string } }).session.id);
      }
      return ids;
    }),
  );
}

/** Closes the sessions openLiveSessions opened; answers how many did not close (204). */
export async function closeLiveSessions(client: BenchClient, key: string, sessions: string[][]): Promise<number> {
  const answers = await Promise.all(
    sessions.map(async (ids) => {
      let failed = 0;
      for (const id of ids)
        if ((await client.request("DELETE", `/api/v1/sessions/${id}`, key)).status !== 204) failed++;
      return failed;
    }),
  );
  return answers.reduce((a, b) => a + b, 0);
}

/**
 * Live sessions heartbeating through the client API: client i heartbeats its own sessions
 * (sessions[i]) in turn, one request per iteration, so each iteration is one heartbeat.
 */
export function heartbeatLoad(
  client: BenchClient,
  key: string,
  sessions: string[][],
  o: { seconds: number; warmupSeconds?: number },
): Promise<LoadResult> {
  const turn = sessions.map(() => 0);
  return loadLoop(
    sessions.length,
    o.seconds,
    async (lap, due, worker) => {
      const ids = sessions[worker]!;
      const k = turn[worker]!;
      turn[worker] = k + 1;
      const id = ids[k % ids.length]!;
      const beat = await timed(lap, () => client.request("POST", `/api/v1/sessions/${id}/heartbeat`, key), due);
      if (beat.status !== 200) failures.note(beat.status, beat.body);
      return beat.status === 200;
    },
    { warmupSeconds: o.warmupSeconds },
  );
}

/** The first few unexpected answers, so a failing run says why. */
export const failures = {
  seen: [] as string[],
  note(status: number, body: unknown) {
    if (this.seen.length < 5) this.seen.push(`${status} ${JSON.stringify(body).slice(0, 200)}`);
  },
};
