import type { BenchClient, Reply } from "./http-client";

// The bench's own data, made through the management API like a CRM would: one organization per
// run (unique name), one contract with a pool per measurement, and a contract API key.

export const RACE = {
  sessions: { module: "bench-race-sessions", limit: 10 },
  devices: { module: "bench-race-devices", limit: 4, fingerprints: 200 },
  apiConnects: { module: "bench-race-api", limit: 7 },
} as const;
export const THROUGHPUT_MODULE = "bench-throughput";
/** The spread case: the API's clients open on 10 pools (pgbench's naive pair runs over 100). */
export const SPREAD_MODULES = Array.from({ length: 10 }, (_, i) => `bench-spread-${i}`);
export const PGBENCH_SPREAD_MODULES = Array.from(
  { length: 100 },
  (_, i) => `bench-pgbench-${String(i).padStart(2, "0")}`,
);

export type BenchContract = { organizationId: string; contractId: string; apiKey: string };

function expectStatus(reply: Reply, ok: number[], what: string): Record<string, unknown> {
  if (!ok.includes(reply.status)) throw new Error(`${what} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as Record<string, unknown>;
}

const field = (body: Record<string, unknown>, key: string) => body[key] as Record<string, unknown>;

export async function createModules(client: BenchClient, operator: string, modules: { key: string; name: string }[]) {
  for (const m of modules)
    expectStatus(
      await client.request("POST", "/api/v1/manage/modules", operator, m),
      [200, 201],
      `Creating module ${m.key}`,
    );
}

/** An API key for an existing contract (e.g. one written by the seeder). */
export async function createApiKey(client: BenchClient, operator: string, contractId: string): Promise<string> {
  const body = expectStatus(
    await client.request("POST", `/api/v1/manage/contracts/${contractId}/api-keys`, operator, {
      name: `bench ${Date.now()}`,
    }),
    [201],
    "Creating an API key",
  );
  return body.secret as string;
}

/** One organization and contract holding the race pools and the big throughput pool. */
export async function createBenchContract(client: BenchClient, operator: string): Promise<BenchContract> {
  await createModules(client, operator, [
    { key: RACE.sessions.module, name: "Bench Race Sessions" },
    { key: RACE.devices.module, name: "Bench Race Devices" },
    { key: RACE.apiConnects.module, name: "Bench Race API" },
    { key: THROUGHPUT_MODULE, name: "Bench Throughput" },
    ...SPREAD_MODULES.map((key, i) => ({ key, name: `Bench Spread ${i}` })),
  ]);
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const org = field(
    expectStatus(
      await client.request("POST", "/api/v1/manage/organizations", operator, {
        name: `Bench run ${stamp}`,
        siteId: `bench-run-${stamp}`,
      }),
      [201],
      "Creating the organization",
    ),
    "organization",
  );
  const contract = field(
    expectStatus(
      await client.request("POST", "/api/v1/manage/contracts", operator, {
        organizationId: org.id,
        pools: [
          { module: RACE.sessions.module, model: "concurrent", capacity: RACE.sessions.limit, maxCapacity: 1000 },
          {
            module: RACE.devices.module,
            model: "concurrent",
            capacity: 1,
            maxCapacity: 1000,
            activationsPerLicense: RACE.devices.limit,
          },
          {
            module: RACE.apiConnects.module,
            model: "concurrent",
            capacity: 100_000,
            maxCapacity: 100_000,
            extraApiConnects: RACE.apiConnects.limit,
          },
          { module: THROUGHPUT_MODULE, model: "concurrent", capacity: 100_000, maxCapacity: 100_000 },
          ...SPREAD_MODULES.map((module) => ({ module, model: "concurrent", capacity: 100_000, maxCapacity: 100_000 })),
        ],
      }),
      [201],
      "Creating the contract",
    ),
    "contract",
  );
  const apiKey = await createApiKey(client, operator, contract.id as string);
  return { organizationId: org.id as string, contractId: contract.id as string, apiKey };
}

/**
 * A second contract of the bench's organization with pgbench's 100 spread pools (kept apart from
 * the API's contract, so the API's opens don't carry 100 more pools); answers its id.
 */
export async function createPgbenchSpreadContract(
  client: BenchClient,
  operator: string,
  organizationId: string,
): Promise<string> {
  await createModules(
    client,
    operator,
    PGBENCH_SPREAD_MODULES.map((key, i) => ({ key, name: `Bench pgbench ${i}` })),
  );
  const contract = field(
    expectStatus(
      await client.request("POST", "/api/v1/manage/contracts", operator, {
        organizationId,
        pools: PGBENCH_SPREAD_MODULES.map((module) => ({
          module,
          model: "concurrent",
          capacity: 100_000,
          maxCapacity: 100_000,
        })),
      }),
      [201],
      "Creating pgbench's spread contract",
    ),
    "contract",
  );
  return contract.id as string;
}
