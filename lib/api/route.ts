import { z } from "zod";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import type { ApiErrorCode } from "@/lib/http/errors";
import { EMPTY } from "./body";
import { strict } from "./strict";

// One entry of the /api/v1 route table: method, path, request and response schemas, refusals,
// docs and the handler, declared once. lib/api/app.ts routes it, lib/api/openapi.ts documents it.
// `route()` keeps the declaration's types inside a closure: the handler sees its path's params,
// its body's and query's parsed types and its audience's actor, checked by the compiler, while
// the table holds every route as one erased `ApiRoute`.

export type Audience = "client" | "manage" | "public";
export type Method = "get" | "post" | "patch" | "put" | "delete";

/** The tags of the document, each declared with its description in lib/api/openapi.ts. */
export type ApiTag =
  | "Sessions"
  | "Activations"
  | "Borrowing"
  | "Offline devices"
  | "Licence"
  | "Catalogue"
  | "Organizations"
  | "Contracts"
  | "Plans"
  | "People"
  | "Holdings"
  | "Denials"
  | "Audit"
  | "Webhooks"
  | "Invitations"
  | "Directory"
  | "Public";

export type ContractKey = Extract<Actor, { kind: "contract_api_key" }>;
export type OperatorToken = Extract<Actor, { kind: "operator" }>;
type ActorFor<A extends Audience> = A extends "client" ? ContractKey : A extends "manage" ? OperatorToken : null;

/** The names of a path's `{param}`s: `"/a/{id}/b/{module}"` → `"id" | "module"`. */
export type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamsOf<Rest>
  : never;

type BodyOf<B> = B extends z.ZodType ? z.output<B> : undefined;
export type QueryOf<Q> = Q extends z.ZodObject ? z.output<Q> : undefined;

export type HandlerContext<
  A extends Audience,
  P extends string,
  B extends z.ZodType | undefined,
  Q extends z.ZodObject | undefined,
> = {
  db: Database;
  actor: ActorFor<A>;
  params: Record<ParamsOf<P>, string>;
  body: BodyOf<B>;
  query: QueryOf<Q>;
  req: Request;
};

export type SuccessResponse = {
  description: string;
  /** The JSON body; none for 204. */
  schema?: z.ZodType;
  example?: unknown;
  /** Headers this answer carries besides content-type (e.g. ETag), documented. */
  headers?: Record<string, string>;
};

/** What the document and the pipeline read of a route: everything but its handler. */
export type RouteDeclaration<A extends Audience = Audience, P extends string = string> = {
  audience: A;
  method: Method;
  /** The full path as OpenAPI writes it: `/api/v1/sessions/{id}`. */
  path: P;
  /** The operation's name for generated clients: a verb and the resource, `openSession`, `listUsers`. */
  operationId: string;
  tag: ApiTag;
  summary: string;
  description: string;
  /** The body may be left out (parsed as `{}`), e.g. a heartbeat's optional report. */
  bodyOptional?: boolean;
  bodyExample?: unknown;
  /** Every answer other than the error body, by status (a success, or /api/health's 503). */
  responses: Partial<Record<number, SuccessResponse>>;
  /** Refusal codes this route can answer besides the ones every route of its audience can. */
  refusals?: ApiErrorCode[];
  /** An acquisition (rule 24): a request refused before the engine runs still writes its denial. */
  acquisition?: "session" | "activation";
  /** The code for an `{id}` that is not a uuid (it cannot exist); NOT_FOUND by default. */
  unknownId?: ApiErrorCode;
  /** A PATCH that honours If-Match with the ETag its record's GET answers (412 PRECONDITION_FAILED). */
  ifMatch?: boolean;
  /** A client-API write that accepts an Idempotency-Key (every management write does). */
  idempotent?: boolean;
};

/** Whether a route runs a request with an Idempotency-Key once per key (lib/http/idempotency.ts). */
export const acceptsIdempotencyKey = (route: RouteDeclaration) =>
  route.method !== "get" && (route.audience === "manage" || route.idempotent === true);

type RouteDefinition<
  A extends Audience,
  P extends string,
  B extends z.ZodType | undefined,
  Q extends z.ZodObject | undefined,
> = RouteDeclaration<A, P> & {
  /** The JSON body, parsed strictly (an unknown field is refused, naming it). */
  body?: B;
  /** The query string, parsed strictly like a body: an unknown or bad parameter is refused. */
  query?: Q;
  handle: (ctx: HandlerContext<A, P, B, Q>) => Promise<Response> | Response;
};

/** A request's inputs before parsing: the body as read (or EMPTY), the query string, the path's params. */
export type RawInputs = { body: unknown; search: URLSearchParams; params: Record<string, string> };
export type BoundRequest = { db: Database; actor: Actor | null; req: Request };

/** The inputs parsed with the route's schemas and bound to its handler, or where they failed. */
export type Binding =
  | { ok: true; run: (request: BoundRequest) => Promise<Response> | Response }
  | { ok: false; part: "body" | "query"; error: z.ZodError };

export type ApiRoute = RouteDeclaration & {
  body?: z.ZodType;
  query?: z.ZodObject;
  bind: (inputs: RawInputs) => Binding;
};

/** A body for a route that declares none: nothing, or an empty object. */
const noBody = z.object({}).strict();

/** A parsed input, or why it was refused. */
type Parsed<T> = { value: T } | z.ZodError;

const parsedOf = <T>(result: z.ZodSafeParseResult<T>): Parsed<T> =>
  result.success ? { value: result.data } : result.error;

// Each overload states what its schema parses to; the implementations return it untyped.
function parseBody<B extends z.ZodType | undefined>(schema: B, raw: unknown): Parsed<BodyOf<B>>;
function parseBody(schema: z.ZodType | undefined, raw: unknown): Parsed<unknown> {
  if (schema) return parsedOf(schema.safeParse(raw === EMPTY ? {} : raw));
  if (raw === EMPTY) return { value: undefined };
  const result = noBody.safeParse(raw);
  return result.success ? { value: undefined } : result.error;
}

// A route's schema is given whenever its type parameter is a schema (that is how it was inferred).
function strictOrNone<S extends z.ZodType | undefined>(schema: S | undefined): S;
function strictOrNone(schema: z.ZodType | undefined) {
  return schema && strict(schema);
}

function parseQuery<Q extends z.ZodObject | undefined>(schema: Q, search: URLSearchParams): Parsed<QueryOf<Q>>;
function parseQuery(schema: z.ZodObject | undefined, search: URLSearchParams): Parsed<unknown> {
  if (!schema) return { value: undefined };
  return parsedOf(schema.safeParse(Object.fromEntries(search)));
}

function paramsFor<P extends string>(path: P, raw: Record<string, string>): Record<ParamsOf<P>, string>;
function paramsFor(path: string, raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, raw[name!] ?? ""]));
}

function actorFits<A extends Audience>(audience: A, actor: Actor | null): actor is ActorFor<A> {
  if (audience === "public") return actor === null;
  return actor?.type === "token" && actor.kind === (audience === "client" ? "contract_api_key" : "operator");
}

/** Declares a route of the table: the handler's params, body, query and actor are its declaration's. */
export function route<
  A extends Audience,
  P extends string,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
>(definition: RouteDefinition<A, P, B, Q>): ApiRoute {
  const { handle, ...declaration } = definition;
  const body = strictOrNone<B>(definition.body);
  const query = strictOrNone<Q>(definition.query);
  return {
    ...declaration,
    bind: ({ body: rawBody, search, params }) => {
      const parsedBody = parseBody<B>(body, rawBody);
      if (parsedBody instanceof z.ZodError) return { ok: false, part: "body", error: parsedBody };
      const parsedQuery = parseQuery<Q>(query, search);
      if (parsedQuery instanceof z.ZodError) return { ok: false, part: "query", error: parsedQuery };
      return {
        ok: true,
        run: ({ db, actor, req }) => {
          if (!actorFits(definition.audience, actor)) throw new Error(`No ${definition.audience} actor for this route`);
          return handle({
            db,
            actor,
            params: paramsFor(definition.path, params),
            body: parsedBody.value,
            query: parsedQuery.value,
            req,
          });
        },
      };
    },
  };
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
