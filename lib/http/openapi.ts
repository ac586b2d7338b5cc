import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import * as out from "@/lib/validation/api-responses";
import * as input from "@/lib/validation/licensing";
import { apiKeyCreateInput } from "@/lib/validation/tokens";

// OpenAPI 3.1 for both APIs, generated from the zod schemas the handlers parse requests with and
// the response schemas of lib/validation/api-responses.ts. Built once per process.

type Refusal = [status: number, codes: string];
type PathSpec = {
  method: RouteConfig["method"];
  path: string;
  summary: string;
  audience: "client" | "manage" | "public";
  body?: z.ZodType;
  ok: [status: number, schema: z.ZodType | null, description?: string];
  refusals?: Refusal[];
};

const idParam = (name = "id") => z.object({ [name]: z.string() });

const paths: PathSpec[] = [
  {
    method: "get",
    path: "/api/v1/license",
    summary: "The key's contract and its pools",
    audience: "client",
    ok: [200, out.licenseResponse],
  },
  {
    method: "post",
    path: "/api/v1/sessions",
    summary: "Open a session (takes seats; clientType api also takes one API connect)",
    audience: "client",
    body: input.sessionOpenInput,
    ok: [201, out.sessionResponse],
    refusals: [
      [409, "SESSION_LIMIT_REACHED {limit, inUse}"],
      [429, "API_QUOTA_EXHAUSTED {limit, used, resetsAt}"],
      [403, "CONTRACT_INACTIVE, USER_INACTIVE, USER_EXPIRED, NO_CREDENTIALS, MODULE_NOT_GRANTED"],
      [404, "USER_NOT_FOUND, MODULE_NOT_LICENSED"],
    ],
  },
  {
    method: "post",
    path: "/api/v1/sessions/{id}/heartbeat",
    summary: "Keep a session alive",
    audience: "client",
    ok: [200, out.sessionResponse],
    refusals: [
      [
        404,
        "SESSION_NOT_FOUND {reason: expired | closed | ended_by_admin | contract_inactive | seat_revoked} (no reason: unknown id)",
      ],
    ],
  },
  {
    method: "delete",
    path: "/api/v1/sessions/{id}",
    summary: "Close a session (idempotent)",
    audience: "client",
    ok: [204, null, "Closed (also when already ended)"],
    refusals: [[404, "SESSION_NOT_FOUND"]],
  },
  {
    method: "post",
    path: "/api/v1/activations",
    summary:
      "Activate a device (200 with the same activation and a fresh lease when the fingerprint is already active)",
    audience: "client",
    body: input.activationInput,
    ok: [201, out.activationResponse],
    refusals: [
      [409, "DEVICE_LIMIT_REACHED {limit, inUse}"],
      [403, "CONTRACT_INACTIVE and user refusals"],
      [404, "MODULE_NOT_LICENSED, USER_NOT_FOUND"],
    ],
  },
  {
    method: "post",
    path: "/api/v1/activations/{id}/refresh",
    summary: "Refresh a device lease",
    audience: "client",
    ok: [200, out.activationResponse],
    refusals: [
      [403, "CONTRACT_INACTIVE"],
      [404, "ACTIVATION_NOT_FOUND"],
    ],
  },
  {
    method: "delete",
    path: "/api/v1/activations/{id}",
    summary: "Release a device activation",
    audience: "client",
    ok: [204, null, "Released"],
    refusals: [[404, "ACTIVATION_NOT_FOUND"]],
  },
  {
    method: "get",
    path: "/api/v1/keys",
    summary: "JWKS with the Ed25519 lease-signing public key(s)",
    audience: "public",
    ok: [200, out.jwksResponse],
  },
  {
    method: "get",
    path: "/api/health",
    summary: "Liveness and database reachability",
    audience: "public",
    ok: [200, out.healthResponse],
    refusals: [[503, "database unreachable"]],
  },
  {
    method: "post",
    path: "/api/v1/manage/modules",
    summary: "Create a module (200 when it exists with the same name)",
    audience: "manage",
    body: input.moduleUpsertInput,
    ok: [201, z.object({ module: z.object({ id: z.string(), key: z.string(), name: z.string() }) })],
    refusals: [[409, "CONFLICT"]],
  },
  {
    method: "post",
    path: "/api/v1/manage/organizations",
    summary: "Create an organization",
    audience: "manage",
    body: input.organizationCreateInput,
    ok: [201, z.object({ organization: z.object({ id: z.string(), name: z.string(), siteId: z.string() }) })],
    refusals: [[409, "CONFLICT"]],
  },
  {
    method: "post",
    path: "/api/v1/manage/contracts",
    summary: "Create a contract with its pools",
    audience: "manage",
    body: input.contractCreateInput,
    ok: [201, z.object({ contract: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [[422, "INVALID"]],
  },
  {
    method: "patch",
    path: "/api/v1/manage/contracts/{id}",
    summary: "Change a contract's status or end date",
    audience: "manage",
    body: input.contractUpdateInput,
    ok: [200, z.object({ contract: z.object({ id: z.string() }).catchall(z.unknown()) })],
  },
  {
    method: "patch",
    path: "/api/v1/manage/contracts/{id}/pools/{module}",
    summary: "Change a pool's capacity, bounds and allowances",
    audience: "manage",
    body: input.poolUpdateInput,
    ok: [200, z.object({ pool: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [
      [409, "CAPACITY_BELOW_USAGE {inUse}"],
      [422, "CAPACITY_OUT_OF_BOUNDS {min, max}"],
    ],
  },
  {
    method: "post",
    path: "/api/v1/manage/contracts/{id}/api-keys",
    summary: "Create a contract API key (the secret is shown only here)",
    audience: "manage",
    body: apiKeyCreateInput,
    ok: [201, z.object({ apiKey: z.object({ id: z.string(), name: z.string() }), secret: z.string() })],
  },
  {
    method: "delete",
    path: "/api/v1/manage/api-keys/{id}",
    summary: "Revoke a contract API key (it answers 401 from then on)",
    audience: "manage",
    ok: [204, null, "Revoked"],
    refusals: [[404, "NOT_FOUND (unknown or already revoked)"]],
  },
  {
    method: "post",
    path: "/api/v1/manage/organizations/{id}/profiles",
    summary: "Create a profile",
    audience: "manage",
    body: input.profileCreateInput,
    ok: [201, z.object({ profile: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [[409, "INSUFFICIENT_LICENSES"]],
  },
  {
    method: "patch",
    path: "/api/v1/manage/profiles/{id}",
    summary: "Rename a profile or change its modules",
    audience: "manage",
    body: input.profileUpdateInput,
    ok: [200, z.object({ profile: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [[409, "INSUFFICIENT_LICENSES {shortages:[{module, needed, available}]}"]],
  },
  {
    method: "post",
    path: "/api/v1/manage/organizations/{id}/users",
    summary: "Create a user",
    audience: "manage",
    body: input.userCreateInput,
    ok: [201, z.object({ user: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [[409, "INSUFFICIENT_LICENSES, USERNAME_TAKEN"]],
  },
  {
    method: "patch",
    path: "/api/v1/manage/users/{id}",
    summary: "Change a user",
    audience: "manage",
    body: input.userUpdateInput,
    ok: [200, z.object({ user: z.object({ id: z.string() }).catchall(z.unknown()) })],
    refusals: [[409, "INSUFFICIENT_LICENSES"]],
  },
  {
    method: "delete",
    path: "/api/v1/manage/users/{id}",
    summary: "Delete a user (frees their seats)",
    audience: "manage",
    ok: [204, null, "Deleted"],
  },
  {
    method: "get",
    path: "/api/v1/manage/organizations/{id}/usage",
    summary: "Every contract and pool of an organization",
    audience: "manage",
    ok: [200, out.usageResponse],
    refusals: [[404, "NOT_FOUND"]],
  },
];

function register(registry: OpenAPIRegistry, spec: PathSpec) {
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const error = { content: { "application/json": { schema: out.errorBody } } };
  const responses: RouteConfig["responses"] = {
    [spec.ok[0]]: spec.ok[1]
      ? { description: spec.ok[2] ?? "Success", content: { "application/json": { schema: spec.ok[1] } } }
      : { description: spec.ok[2] ?? "Success" },
  };
  if (spec.body) responses[400] = { description: "VALIDATION_FAILED (with issues) or malformed JSON", ...error };
  if (spec.audience !== "public") {
    responses[401] = { description: "UNAUTHENTICATED: unknown or revoked key, or a key of the other API", ...error };
  }
  if (spec.audience === "client")
    responses[429] = { description: "RATE_LIMITED (with Retry-After) or API_QUOTA_EXHAUSTED", ...error };
  const outOfRange = "VALUE_OUT_OF_RANGE {field, min, max}: a number outside its documented minimum/maximum";
  if (spec.body) responses[422] = { description: outOfRange, ...error };
  for (const [status, codes] of spec.refusals ?? []) {
    responses[status] = { description: status === 422 && spec.body ? `${codes}; ${outOfRange}` : codes, ...error };
  }
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.audience === "manage" ? "Management API" : "Client API"],
    security:
      spec.audience === "client" ? [{ contractKey: [] }] : spec.audience === "manage" ? [{ operatorToken: [] }] : [],
    request: {
      ...(params.length ? { params: params.reduce((schema, p) => schema.extend(idParam(p).shape), z.object({})) } : {}),
      ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } } } } : {}),
    },
    responses,
  });
}

let document: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument() {
  if (document) return document;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "contractKey", {
    type: "http",
    scheme: "bearer",
    description: "Contract API key (client API)",
  });
  registry.registerComponent("securitySchemes", "operatorToken", {
    type: "http",
    scheme: "bearer",
    description: "Operator token (management API)",
  });
  for (const spec of paths) register(registry, spec);
  document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Seatkeeper API",
      version: "1.0.0",
      description:
        'Client API for licensed applications and management API for provisioning. Every error is {"error":{"code","message",…details}}.',
    },
  });
  return document;
}
