import type { z } from "zod";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import type { ApiErrorCode } from "@/lib/http/errors";

// One entry of the /api/v1 route table: method, path, request and response schemas, refusals,
// docs and the handler, declared once. lib/api/app.ts routes it, lib/api/openapi.ts documents it.

export type Audience = "client" | "manage" | "public";
export type Method = "get" | "post" | "patch" | "put" | "delete";

export type ContractKey = Extract<Actor, { kind: "contract_api_key" }>;
export type OperatorToken = Extract<Actor, { kind: "operator" }>;
type ActorFor<A extends Audience> = A extends "client" ? ContractKey : A extends "manage" ? OperatorToken : null;

export type HandlerContext<
  A extends Audience,
  B extends z.ZodType | undefined,
  Q extends z.ZodObject | undefined = undefined,
> = {
  db: Database;
  actor: ActorFor<A>;
  params: Record<string, string>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodObject ? z.output<Q> : undefined;
  req: Request;
};

export type SuccessResponse = {
  description: string;
  /** The JSON body; none for 204. */
  schema?: z.ZodType;
  example?: unknown;
};

export type ApiRoute<
  A extends Audience = Audience,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
> = {
  audience: A;
  method: Method;
  /** The full path as OpenAPI writes it: `/api/v1/sessions/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** The JSON body, parsed strictly (an unknown field is refused, naming it). */
  body?: B;
  /** The body may be left out (parsed as `{}`), e.g. a heartbeat's optional report. */
  bodyOptional?: boolean;
  bodyExample?: unknown;
  /** The query string (GET), parsed strictly like a body: an unknown or bad parameter is refused. */
  query?: Q;
  /** Every answer other than the error body, by status (a success, or /api/health's 503). */
  responses: Partial<Record<number, SuccessResponse>>;
  /** Refusal codes this route can answer besides the ones every route of its audience can. */
  refusals?: ApiErrorCode[];
  /** An acquisition (rule 24): a request refused before the engine runs still writes its denial. */
  acquisition?: "session" | "activation";
  /** The code for an `{id}` that is not a uuid (it cannot exist); NOT_FOUND by default. */
  unknownId?: ApiErrorCode;
  handle: (ctx: HandlerContext<A, B, Q>) => Promise<Response> | Response;
};

/** Declares a route of the table (typed: the handler's body is the schema's output). */
export function route<
  A extends Audience,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
>(definition: ApiRoute<A, B, Q>): ApiRoute {
  return definition as unknown as ApiRoute;
}

/** JSON with a status (dates become ISO strings). */
export const json = (data: unknown, status = 200, headers?: Record<string, string>) =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json", ...headers } });
export const noContent = () => new Response(null, { status: 204 });

/** What a contract API key stands for, as the engine takes it. */
export const clientKey = (actor: ContractKey) => ({
  contractId: actor.contractId,
  organizationId: actor.organizationId,
  actor,
});
