import "server-only";
import type { z } from "zod";
import { databaseKind, getDb, type Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/licensing/actor";
import { recordRejectedAcquisition } from "@/lib/licensing/denials";
import { isLicensingError, type RefusalCode } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { authenticateToken } from "@/lib/licensing/tokens";
import { log, errorFields } from "@/lib/runtime/log";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "./database-unavailable";
import { errorResponse, type ApiErrorCode } from "./errors";
import { rateLimiterFor } from "./shared-rate-limit";
import { validationFailure } from "./validation-failure";

export const MAX_BODY_BYTES = 64 * 1024;

export type ContractKey = Extract<Actor, { kind: "contract_api_key" }>;
export type OperatorToken = Extract<Actor, { kind: "operator" }>;

type Audience = "client" | "manage";
type ActorFor<A extends Audience> = A extends "client" ? ContractKey : OperatorToken;

export type HandlerContext<A extends Audience, S extends z.ZodType | undefined> = {
  db: Database;
  actor: ActorFor<A>;
  params: Record<string, string>;
  body: S extends z.ZodType ? z.infer<S> : undefined;
  req: Request;
};

type RouteContext = { params: Promise<Record<string, string>> };

let limiter: ReturnType<typeof rateLimiterFor> | undefined;

/**
 * The one route-handler wrapper for both APIs: bearer-token auth for the right audience, rate
 * limit per key (client API), body size and JSON checks, zod parsing, and every refusal mapped to
 * `{error:{code, message, …details}}` with its status. Handlers stay a few lines long.
 */
export function apiRoute<A extends Audience, S extends z.ZodType | undefined = undefined>(
  audience: A,
  options: {
    body?: S;
    unknownId?: RefusalCode;
    /** An acquisition route (rule 24): a request refused before the engine runs still writes its denial. */
    acquisition?: "session" | "activation";
  },
  handle: (ctx: HandlerContext<A, S>) => Promise<Response>,
) {
  return async (req: Request, route?: RouteContext): Promise<Response> => {
    try {
      const db = getDb();
      const actor = await authenticate(db, req, audience);
      if (!actor)
        return errorResponse("UNAUTHENTICATED", "A valid API key is required: send it as Authorization: Bearer <key>.");
      if (audience === "client") {
        limiter ??= rateLimiterFor(env().SEATKEEPER_RATE_LIMIT, db, databaseKind());
        const wait = await limiter.take(actor.id);
        if (wait > 0) {
          return errorResponse(
            "RATE_LIMITED",
            `Too many requests for this key; try again in ${wait} seconds.`,
            { retryAfter: wait },
            { "Retry-After": String(wait) },
          );
        }
      }
      // Rule 24: an acquisition refused here (malformed body, out-of-range value, an id that is no id) is still a denial.
      let raw: unknown = undefined;
      const refuse = async (code: ApiErrorCode, message: string, details: Record<string, unknown> = {}) => {
        if (options.acquisition && audience === "client")
          await recordRejectedAcquisition(db, clientKey(actor as ContractKey), options.acquisition, raw, {
            code,
            message,
            details,
          });
        return errorResponse(code, message, details);
      };
      let body: unknown = undefined;
      if (options.body) {
        raw = await readJson(req);
        if (raw instanceof BodyRefusal) return refuse(raw.code, raw.message, raw.details);
        const result = options.body.safeParse(raw);
        if (!result.success) {
          const failure = validationFailure(result.error);
          return refuse(failure.code, failure.message, failure.details);
        }
        body = result.data;
      }
      const params = (await route?.params) ?? {};
      // Ids come from the URL: anything that is not a uuid is simply unknown.
      if (params.id !== undefined && !isUuid(params.id)) {
        return refuse(options.unknownId ?? "NOT_FOUND", "Nothing with that id was found.", { id: params.id });
      }
      return await handle({ db, actor: actor as ActorFor<A>, params, body: body as HandlerContext<A, S>["body"], req });
    } catch (e) {
      if (isLicensingError(e)) return errorResponse(e.code, e.message, e.details);
      const request = { method: req.method, path: new URL(req.url).pathname };
      if (isDatabaseUnavailable(e)) {
        log.warn({ ...request, ...errorFields(e) }, "database unavailable: answered 503");
        return databaseUnavailableResponse();
      }
      log.error({ ...request, ...errorFields(e) }, "API request failed");
      return errorResponse("INTERNAL", "Something went wrong on our side; nothing was changed. Please try again.");
    }
  };
}

async function authenticate(db: Database, req: Request, audience: Audience) {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return null;
  const actor = await authenticateToken(db, match[1]!);
  if (!actor || actor.type !== "token") return null;
  const wanted = audience === "client" ? "contract_api_key" : "operator";
  return actor.kind === wanted ? actor : null;
}

/** A body refused before parsing: too large, or not JSON. */
class BodyRefusal {
  constructor(
    readonly code: ApiErrorCode,
    readonly message: string,
    readonly details: Record<string, unknown> = {},
  ) {}
}

async function readJson(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooLarge();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return new BodyRefusal("VALIDATION_FAILED", "The request body is not valid JSON.", {
      issues: [{ path: "", message: "Malformed JSON" }],
    });
  }
}

const tooLarge = () =>
  new BodyRefusal("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);

/** What a contract API key stands for, as the engine takes it. */
export const clientKey = (actor: ContractKey) => ({
  contractId: actor.contractId,
  organizationId: actor.organizationId,
  actor,
});

/** JSON with dates as ISO strings (Response.json does that already) and a status. */
export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const noContent = () => new Response(null, { status: 204 });
