import type { RouteConfig } from "@hono/zod-openapi";
import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { statusOf, type ApiErrorCode } from "@/lib/http/errors";
import { acceptsIdempotencyKey, type ApiRoute, type ApiTag } from "./route";
import { strict } from "./strict";

// OpenAPI 3.1 generated from the route table: each route's request and response schemas, every
// status it can answer with the error codes behind it, security, servers and examples.

/** The refusals every route of an audience can answer, before its own. */
export function errorCodesOf(route: ApiRoute): ApiErrorCode[] {
  const codes: ApiErrorCode[] = [];
  if (route.audience !== "public") codes.push("UNAUTHENTICATED");
  // A flood of invalid keys from one address is slowed with 429 on every authenticated route; the
  // client API also limits each key.
  if (route.audience !== "public") codes.push("RATE_LIMITED");
  if (route.method !== "get") codes.push("VALIDATION_FAILED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  if (route.query) codes.push("VALIDATION_FAILED");
  // A number outside its documented range (rule 22).
  if (route.body) codes.push("VALUE_OUT_OF_RANGE");
  if (route.path.includes("{id}")) codes.push(route.unknownId ?? "NOT_FOUND");
  if (acceptsIdempotencyKey(route)) codes.push("VALIDATION_FAILED", "IDEMPOTENCY_KEY_REUSED");
  codes.push("METHOD_NOT_ALLOWED");
  if (route.path !== "/api/v1/keys" && route.path !== "/api/health") codes.push("DATABASE_UNAVAILABLE");
  // A request on a kept-alive connection while the instance stops (lib/runtime/shutdown.ts).
  codes.push("SHUTTING_DOWN");
  return [...new Set([...codes, ...(route.refusals ?? [])])];
}

const errorFields = {
  message: z.string().meta({ description: "A sentence a person can read" }),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .meta({ description: "VALIDATION_FAILED: each field's problem" }),
  limit: z.number().optional(),
  inUse: z.number().optional(),
  used: z.number().optional(),
  resetsAt: z.string().optional(),
  retryAfter: z.number().optional().meta({ description: "Seconds, as in the Retry-After header" }),
  field: z.string().optional().meta({ description: "VALUE_OUT_OF_RANGE: the field outside its range" }),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  shortages: z
    .array(z.object({ module: z.string(), needed: z.number(), available: z.number() }).catchall(z.unknown()))
    .optional(),
};

/** `{error:{code, message, …details}}` with the codes a status can carry. */
export const errorSchema = (codes: readonly string[]) =>
  z.object({
    error: z.object({ code: z.enum(codes as [string, ...string[]]), ...errorFields }).catchall(z.unknown()),
  });

const exampleMessages: Partial<Record<ApiErrorCode, string>> = {
  VALIDATION_FAILED: "The request body is not valid: deviceId: deviceId is required.",
  UNAUTHENTICATED: "A valid API key is required: send it as Authorization: Bearer <key>.",
  RATE_LIMITED: "Too many requests for this key; try again in 12 seconds.",
  SESSION_LIMIT_REACHED: "All 3 concurrent sessions of Case Management are in use.",
  PAYLOAD_TOO_LARGE: "The request body is larger than 64 KB.",
  UNSUPPORTED_MEDIA_TYPE: "The request body is text/plain; send it as application/json.",
  METHOD_NOT_ALLOWED: "PUT is not allowed here; use GET.",
  DATABASE_UNAVAILABLE: "The database is not reachable right now; try again shortly.",
  SHUTTING_DOWN: "This server is shutting down; nothing was done. Try again in 2 seconds.",
  VALUE_OUT_OF_RANGE: "weight: weight must be between 1 and 10,000.",
};

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" as const } },
};
const allowHeader = {
  Allow: { description: "The methods this path answers, comma-separated", schema: { type: "string" as const } },
};

const idempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .meta({
      description:
        "Makes a retry safe: the same key with the same body within 24 hours answers the first response again (with `Idempotent-Replayed: true`) and changes nothing; with another body, 422 IDEMPOTENCY_KEY_REUSED. Keys are per credential; use a new random one (a UUID) per intended change.",
      example: "4f9c2a6e-1b7d-4e3a-9c55-0d2b8e7f6a13",
    }),
});

const ifMatchHeader = z.object({
  "If-Match": z.string().max(200).optional().meta({
    description:
      "Change the record only while it is unchanged: the ETag its GET (or the last change) answered; otherwise 412 PRECONDITION_FAILED and nothing changes.",
  }),
});

/** Every tag of the document with what it groups, in the order a reader meets them. */
export const tagDescriptions: Record<ApiTag, string> = {
  Licence: "Client API: what a contract API key may use",
  Sessions: "Client API: concurrent sessions (open, heartbeat, close)",
  Activations: "Client API: device activations and their signed leases",
  Borrowing: "Borrowed seats: taken offline from a session, listed and revoked by the vendor",
  "Offline devices":
    "Management API: devices that are never online, activated, renewed and released by files they sign (the SDK's createOfflineActivationRequest)",
  Catalogue: "Management API: the modules the vendor sells",
  Organizations: "Management API: customers, their usage and usage history",
  Contracts: "Management API: contracts, their pools and contract API keys",
  Plans: "Management API: plans (named module bundles with list prices)",
  People: "Management API: an organization's users and profiles",
  Holdings: "Management API: live sessions and device activations, listed and ended",
  Denials: "Management API: refused acquisitions",
  Audit: "Management API: the audit log (changes and activity)",
  Webhooks: "Management API: webhook endpoints and their deliveries",
  Invitations: "Management API: invitations of an organization's owners and admins to the console",
  Directory:
    "Management API: the SCIM tokens an organization's directory (Entra ID, Okta…) provisions with at /scim/v2",
  Public: "No credentials: this document, signing keys and health",
};

function describe(route: ApiRoute): RouteConfig {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const responses: RouteConfig["responses"] = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    responses[status] = answer!.schema
      ? {
          description: answer!.description,
          ...(answer!.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(answer!.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: "string" as const } },
                  ]),
                ),
              }
            : {}),
          content: {
            "application/json": {
              schema: answer!.schema,
              ...(answer!.example === undefined ? {} : { example: answer!.example }),
            },
          },
        }
      : { description: answer!.description };
  }
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of errorCodesOf(route)) byStatus.set(statusOf[code], [...(byStatus.get(statusOf[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (responses[status]) continue;
    responses[status] = {
      description: codes.join(", "),
      ...(status === 429 || status === 503 ? { headers: retryAfter } : status === 405 ? { headers: allowHeader } : {}),
      content: {
        "application/json": {
          schema: errorSchema(codes),
          example: {
            error: {
              code: codes[0],
              message:
                codes[0] === "VALIDATION_FAILED" && route.method === "get"
                  ? "The query is not valid: limit: Too big: expected number to be <=100."
                  : (exampleMessages[codes[0]!] ?? "That was refused; the message says why."),
            },
          },
        },
      },
    };
  }
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security:
      route.audience === "client" ? [{ contractKey: [] }] : route.audience === "manage" ? [{ operatorToken: [] }] : [],
    request: {
      ...(params.length
        ? { params: z.object(Object.fromEntries(params.map((p) => [p, p === "id" ? z.uuid() : z.string()]))) }
        : {}),
      ...(route.query ? { query: strict(route.query) } : {}),
      ...(acceptsIdempotencyKey(route) || route.ifMatch
        ? {
            headers: z.object({
              ...(acceptsIdempotencyKey(route) ? idempotencyHeader.shape : {}),
              ...(route.ifMatch ? ifMatchHeader.shape : {}),
            }),
          }
        : {}),
      ...(route.body
        ? {
            body: {
              required: !route.bodyOptional,
              content: {
                "application/json": {
                  schema: strict(route.body),
                  ...(route.bodyExample === undefined ? {} : { example: route.bodyExample }),
                },
              },
            },
          }
        : {}),
    },
    responses,
  };
}

/** The OpenAPI 3.1 document of a route table (without `servers`, which depend on the request). */
export function buildDocument(routes: ApiRoute[]) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent("securitySchemes", "contractKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "sk_live_…",
    description:
      "A contract API key (`sk_live_…`), created per contract by the vendor or the organization's administrators: the client API's credential, sent as `Authorization: Bearer <key>`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "operatorToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "sk_op_…",
    description:
      "An operator token (`sk_op_…`), created by `npm run seatkeeper -- token create`: the management API's credential, sent as `Authorization: Bearer <token>`.",
  });
  for (const route of routes) app.openAPIRegistry.registerPath(describe(route));
  return app.getOpenAPI31Document({
    tags: Object.entries(tagDescriptions)
      .filter(([name]) => routes.some((r) => r.tag === name))
      .map(([name, description]) => ({ name, description })),
    openapi: "3.1.0",
    info: {
      title: "Seatkeeper API",
      version: "1.0.0",
      license: { name: "Proprietary", url: "https://seatkeeper.example/terms" },
      contact: { name: "Seatkeeper", url: "https://seatkeeper.example/support", email: "support@seatkeeper.example" },
      description:
        'Client API for licensed applications and management API for provisioning. Every error is {"error":{"code","message",…details}}; unknown paths answer 404 NOT_FOUND and other methods 405 METHOD_NOT_ALLOWED with Allow.',
    },
  });
}
