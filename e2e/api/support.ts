import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DocumentedApi, documentedRequest, type OpenApiDocument } from "./documented";

// Helpers for the API specs: each test provisions its own organization, modules, contract and
// contract API key through the MANAGEMENT API (with the run's operator token, written by
// scripts/e2e-server.sh), so tests are independent, run in parallel and can be re-run on the
// same database.

export type ErrorBody = { error: { code: string; message: string; [detail: string]: unknown } };
export type PoolView = {
  module: string;
  model: "named" | "concurrent";
  capacity: number;
  limit: number;
  inUse: number;
  available: number;
  activations: { limit: number; inUse: number };
  apiConnects: { limit: number; used: number; period: string };
};
export type SessionView = {
  id: string;
  module: string;
  clientType: string;
  weight: number;
  expiresAt: string;
  heartbeatSeconds: number;
};
export type ActivationView = {
  id: string;
  fingerprint: string;
  platform: string;
  leaseExpiresAt: string;
  leaseToken: string;
};
export type UserView = {
  id: string;
  username: string;
  status: string;
  credentials: string;
  validTo: string | null;
  profileId: string | null;
};
export type ProfileView = { id: string; name: string; modules: string[] };

let documented: Promise<DocumentedApi> | undefined;

/**
 * The API specs' `test`: its `request` checks every answer against /api/v1/openapi.json (the
 * document is fetched once per worker).
 */
export const test = base.extend({
  request: async ({ request, playwright, baseURL }, provide) => {
    documented ??= (async () => {
      const plain = await playwright.request.newContext({ baseURL });
      const doc = (await (await plain.get("/api/v1/openapi.json")).json()) as OpenApiDocument;
      await plain.dispose();
      return new DocumentedApi(doc);
    })();
    await provide(documentedRequest(request, await documented));
  },
});

let operatorSecret: string | undefined;

/** The operator token that scripts/e2e-server.sh created for this run. */
export function operatorToken(): string {
  if (operatorSecret) return operatorSecret;
  const dir = process.env.SEATKEEPER_E2E_DATA_DIR;
  const file = dir ? path.join(dir, "operator-token") : "";
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `No operator token at "${file}": the e2e server (scripts/e2e-server.sh) writes it. Is another server reusing the port?`,
    );
  }
  operatorSecret = fs.readFileSync(file, "utf8").trim();
  return operatorSecret;
}

/** A short unique tag for names and keys: lower-case letters and digits. */
export const uniqueTag = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

/** Requests with one bearer secret (or none). */
export class Caller {
  constructor(
    readonly request: APIRequestContext,
    readonly secret: string | null,
  ) {}

  private headers(extra: Record<string, string> = {}) {
    return this.secret ? { authorization: `Bearer ${this.secret}`, ...extra } : extra;
  }

  get(url: string) {
    return this.request.get(url, { headers: this.headers() });
  }
  post(url: string, data?: unknown) {
    return this.request.post(url, { headers: this.headers(), ...(data === undefined ? {} : { data }) });
  }
  patch(url: string, data: unknown) {
    return this.request.patch(url, { headers: this.headers(), data });
  }
  delete(url: string) {
    return this.request.delete(url, { headers: this.headers() });
  }
  /** A raw body, for malformed JSON and oversized payloads. */
  postRaw(url: string, body: string) {
    return this.request.post(url, { headers: this.headers({ "content-type": "application/json" }), data: body });
  }
}

/** Reads a JSON body after checking the status (the body is shown when the status is wrong). */
export async function ok<T>(res: APIResponse | Promise<APIResponse>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status(), `${r.url()} answered: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

/** Response text never carries a stack trace or a server file path. */
export function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at\s/);
  expect(text).not.toMatch(/\bat\s+\S+\s+\(.*:\d+:\d+\)/);
  expect(text).not.toMatch(/(\/(work|tmp|home|app|usr)\/\S+|\.(ts|js|mjs|tsx):\d+)/);
}

/** A refusal of SPEC §3–4: its status, its code and a message a person can read. */
export async function refused(
  res: APIResponse | Promise<APIResponse>,
  status: number,
  code: string,
): Promise<ErrorBody["error"]> {
  const r = await res;
  const text = await r.text();
  expect(r.status(), `${r.url()} answered: ${text}`).toBe(status);
  expectNoStackTrace(text);
  const { error } = JSON.parse(text) as ErrorBody;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\w+ \w+/);
  return error;
}

export type PoolSpec = {
  model: "named" | "concurrent";
  capacity: number;
  /** The module's display name; a unique suffix keeps catalogue names apart between runs. */
  name?: string;
  minCapacity?: number;
  maxCapacity?: number | null;
  overagePercent?: number;
  activationsPerLicense?: number;
  extraActivations?: number;
  apiConnectsPerLicense?: number;
  extraApiConnects?: number;
  heartbeatSeconds?: number;
  leaseDays?: number;
  /** Per licence per month, in minor units of the contract's currency (give `currency` to provision). */
  pricePerLicense?: number;
};

export type Tenant<M extends string> = {
  tag: string;
  organization: { id: string; name: string; siteId: string };
  contract: { id: string };
  /** Module key per alias (keys are global in the catalogue, so each test makes its own). */
  modules: Record<M, string>;
  moduleNames: Record<M, string>;
  manage: Caller;
  /** The client API with this contract's API key. */
  client: Caller;
  apiKey: { id: string; name: string; secret: string };
};

/** A fresh organization with a contract holding the given pools and a contract API key. */
export async function provision<M extends string>(
  request: APIRequestContext,
  pools: Record<M, PoolSpec>,
  organizationName = "E2E Org",
  contractFields: { currency?: string; endsAt?: string } = {},
): Promise<Tenant<M>> {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const aliases = Object.keys(pools) as M[];
  const modules = {} as Record<M, string>;
  const moduleNames = {} as Record<M, string>;
  for (const alias of aliases) {
    const key = `${alias}-${tag}`;
    const name = `${pools[alias].name ?? alias} ${tag}`;
    await ok(manage.post("/api/v1/manage/modules", { key, name }), 201);
    modules[alias] = key;
    moduleNames[alias] = name;
  }
  const { organization } = await ok<{ organization: Tenant<M>["organization"] }>(
    manage.post("/api/v1/manage/organizations", { name: `${organizationName} ${tag}` }),
    201,
  );
  const { contract } = await ok<{ contract: { id: string } }>(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      ...contractFields,
      pools: aliases.map((alias) => ({ ...pools[alias], name: undefined, module: modules[alias] })),
    }),
    201,
  );
  const key = await ok<{ apiKey: { id: string; name: string }; secret: string }>(
    manage.post(`/api/v1/manage/contracts/${contract.id}/api-keys`, { name: `e2e ${tag}` }),
    201,
  );
  return {
    tag,
    organization,
    contract,
    modules,
    moduleNames,
    manage,
    client: new Caller(request, key.secret),
    apiKey: { ...key.apiKey, secret: key.secret },
  };
}

/** Another API key of the same contract (its own rate-limit window). */
export async function newApiKey(tenant: Tenant<string>): Promise<Caller> {
  const key = await ok<{ secret: string }>(
    tenant.manage.post(`/api/v1/manage/contracts/${tenant.contract.id}/api-keys`, { name: `extra ${uniqueTag()}` }),
    201,
  );
  return new Caller(tenant.client.request, key.secret);
}

export async function createProfile(tenant: Tenant<string>, name: string, moduleKeys: string[]): Promise<ProfileView> {
  const { profile } = await ok<{ profile: ProfileView }>(
    tenant.manage.post(`/api/v1/manage/organizations/${tenant.organization.id}/profiles`, {
      name,
      modules: moduleKeys,
    }),
    201,
  );
  return profile;
}

export type NewUser = {
  username: string;
  email?: string;
  profileId?: string | null;
  status?: "active" | "inactive";
  credentials?: "issued" | "none";
  validTo?: string | null;
  managerId?: string | null;
};

export async function createUser(tenant: Tenant<string>, user: NewUser): Promise<UserView> {
  const body = { email: `${user.username.toLowerCase()}@${tenant.tag}.test`, ...user };
  const { user: created } = await ok<{ user: UserView }>(
    tenant.manage.post(`/api/v1/manage/organizations/${tenant.organization.id}/users`, body),
    201,
  );
  return created;
}

/** The contract's pool for a module, as GET /license reports it. */
export async function licensePool(tenant: Tenant<string>, moduleKey: string): Promise<PoolView> {
  const { pools } = await ok<{ pools: PoolView[] }>(tenant.client.get("/api/v1/license"));
  const pool = pools.find((p) => p.module === moduleKey);
  expect(pool, `pool ${moduleKey}`).toBeDefined();
  return pool!;
}

/** The pool as the management API's usage report shows it. */
export async function usagePool(tenant: Tenant<string>, moduleKey: string): Promise<PoolView> {
  const usage = await ok<{ contracts: { id: string; pools: PoolView[] }[] }>(
    tenant.manage.get(`/api/v1/manage/organizations/${tenant.organization.id}/usage`),
  );
  const pool = usage.contracts.find((c) => c.id === tenant.contract.id)?.pools.find((p) => p.module === moduleKey);
  expect(pool, `pool ${moduleKey}`).toBeDefined();
  return pool!;
}

export type SessionRequest = {
  module: string;
  clientType: "desktop" | "web" | "mobile" | "api" | "integration";
  deviceId: string;
  username?: string;
  weight?: number;
};

export const openSession = (client: Caller, body: SessionRequest) => client.post("/api/v1/sessions", body);

export async function openedSession(client: Caller, body: SessionRequest): Promise<SessionView> {
  return (await ok<{ session: SessionView }>(openSession(client, body), 201)).session;
}

/** A day relative to today (UTC), as YYYY-MM-DD. */
export function dayFromToday(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
