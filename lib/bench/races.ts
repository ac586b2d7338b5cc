import { RACE } from "./api-fixtures";
import type { BenchClient, Reply } from "./http-client";

// SPEC §7 / rule 15 through HTTP: 1,000 requests fired at once against a small limit. Exactly
// `limit` may succeed; anything above is an over-allocation.

export type RaceResult = {
  race: string;
  requests: number;
  limit: number;
  granted: number;
  refused: Record<string, number>;
  /** What the pool reports as held afterwards (GET /api/v1/license). */
  reportedInUse: number;
  overAllocations: number;
  exact: boolean;
};

const REQUESTS = 1000;

function tally(replies: Reply[], isGrant: (r: Reply) => boolean) {
  const refused: Record<string, number> = {};
  for (const r of replies) {
    if (isGrant(r)) continue;
    const code = (r.body as { error?: { code?: string } } | null)?.error?.code ?? String(r.status);
    refused[code] = (refused[code] ?? 0) + 1;
  }
  return refused;
}

type LicensePool = { module: string; inUse: number; activations: { inUse: number }; apiConnects: { used: number } };

async function pool(client: BenchClient, key: string, module: string): Promise<LicensePool> {
  const reply = await client.request("GET", "/api/v1/license", key);
  const found = (reply.body as { pools: LicensePool[] }).pools.find((p) => p.module === module);
  if (!found) throw new Error(`GET /api/v1/license has no pool ${module}`);
  return found;
}

const fire = (n: number, send: (i: number) => Promise<Reply>) =>
  Promise.all(Array.from({ length: n }, (_, i) => send(i)));

export async function runRaces(client: BenchClient, key: string, requests = REQUESTS): Promise<RaceResult[]> {
  const results: RaceResult[] = [];

  const sessions = await fire(requests, (i) =>
    client.request("POST", "/api/v1/sessions", key, {
      module: RACE.sessions.module,
      clientType: "desktop",
      deviceId: `race-${i}`,
    }),
  );
  const sessionGrants = sessions.filter((r) => r.status === 201).length;
  results.push(
    result(
      "session opens",
      requests,
      RACE.sessions.limit,
      sessionGrants,
      tally(sessions, (r) => r.status === 201),
      (await pool(client, key, RACE.sessions.module)).inUse,
    ),
  );

  // 200 devices, each racing itself five times: repeats must return the same activation.
  const devices = await fire(requests, (i) =>
    client.request("POST", "/api/v1/activations", key, {
      module: RACE.devices.module,
      fingerprint: `race-fp-${i % RACE.devices.fingerprints}`,
      platform: "desktop",
    }),
  );
  const activationIds = new Set(
    devices
      .filter((r) => r.status === 200 || r.status === 201)
      .map((r) => (r.body as { activation: { id: string } }).activation.id),
  );
  results.push(
    result(
      "device activations",
      requests,
      RACE.devices.limit,
      activationIds.size,
      tally(devices, (r) => r.status === 200 || r.status === 201),
      (await pool(client, key, RACE.devices.module)).activations.inUse,
    ),
  );

  const connects = await fire(requests, (i) =>
    client.request("POST", "/api/v1/sessions", key, {
      module: RACE.apiConnects.module,
      clientType: "api",
      deviceId: `race-api-${i}`,
    }),
  );
  const connectGrants = connects.filter((r) => r.status === 201).length;
  results.push(
    result(
      "API connects",
      requests,
      RACE.apiConnects.limit,
      connectGrants,
      tally(connects, (r) => r.status === 201),
      (await pool(client, key, RACE.apiConnects.module)).apiConnects.used,
    ),
  );
  return results;
}

function result(
  race: string,
  requests: number,
  limit: number,
  granted: number,
  refused: Record<string, number>,
  reportedInUse: number,
): RaceResult {
  const overAllocations = Math.max(0, granted - limit, reportedInUse - limit);
  return {
    race,
    requests,
    limit,
    granted,
    refused,
    reportedInUse,
    overAllocations,
    exact: granted === limit && reportedInUse === limit,
  };
}
