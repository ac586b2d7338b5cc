import "server-only";
import type { Context } from "hono";
import { databaseKind, getDb, type Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/licensing/actor";
import { errorResponse } from "@/lib/http/errors";
import { idempotencyKeyOf, runIdempotently } from "@/lib/http/idempotency";
import { isAddressBlocked, recordAuthFailure, tooManyAuthFailures } from "@/lib/http/auth-failure-limit";
import { clientAddress } from "@/lib/http/client-address";
import {
  databaseUnavailableResponse,
  isDatabaseUnavailable,
  unlessDatabaseStalls,
} from "@/lib/http/database-unavailable";
import { rateLimiterFor } from "@/lib/http/shared-rate-limit";
import { validationFailure } from "@/lib/http/validation-failure";
import { recordRejectedAcquisition } from "@/lib/licensing/denials";
import { isLicensingError } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { authenticateToken } from "@/lib/licensing/tokens";
import { EMPTY, readJsonBody, type NodeBindings } from "./body";
import { errorFields, log } from "@/lib/runtime/log";
import { acceptsIdempotencyKey, clientKey, type ApiRoute } from "./route";

// What every route of the table goes through, in this order: bearer-token auth for its audience,
// the rate limit per contract key (client API), the body (size, media type, JSON, strict zod),
// ids from the path, the handler, and every refusal mapped to {error:{code, message, …details}}.

let limiter: ReturnType<typeof rateLimiterFor> | undefined;

export function handlerFor(route: ApiRoute, database: () => Database = getDb) {
  const answer = async (c: Context, req: Request): Promise<Response> => {
    const db = database();
    let actor: Actor | null = null;
    if (route.audience !== "public") {
      const found = await authenticate(db, req.headers.get("authorization"), route.audience);
      if (!found) {
        // An address past its budget of invalid keys is told to back off; a valid key from it is
        // still served above (the address may be a NAT shared by everyone behind it).
        const address = clientAddress(req.headers);
        const blockedFor = isAddressBlocked(address);
        recordAuthFailure(address);
        if (blockedFor > 0) return tooManyAuthFailures(blockedFor);
        return errorResponse("UNAUTHENTICATED", "A valid API key is required: send it as Authorization: Bearer <key>.");
      }
      if (route.audience === "client") {
        limiter ??= rateLimiterFor(env().SEATKEEPER_RATE_LIMIT, db, databaseKind(), env().SEATKEEPER_REDIS_URL);
        const wait = await limiter.take(found.id);
        if (wait > 0)
          return errorResponse(
            "RATE_LIMITED",
            `Too many requests for this key; try again in ${wait} seconds.`,
            { retryAfter: wait },
            { "Retry-After": String(wait) },
          );
      }
      actor = found;
    }
    // Rule 24: an acquisition refused here (malformed body, out-of-range value, an id that is no id)
    // is still a denial, recorded with what the request carried.
    let raw: unknown = undefined;
    const refuse = async (answer: Response) => {
      if (route.acquisition && actor?.type === "token" && actor.kind === "contract_api_key") {
        const { error } = (await answer.clone().json()) as { error: { code: string; message: string } };
        const { code, message, ...details } = error;
        await recordRejectedAcquisition(db, clientKey(actor), route.acquisition, raw, { code, message, details });
      }
      return answer;
    };
    raw = route.method === "get" ? EMPTY : await readJsonBody(req, c.env as NodeBindings | undefined);
    if (raw instanceof Response) return refuse(raw);
    const params = c.req.param() as Record<string, string>;
    const binding = route.bind({ body: raw, search: new URL(req.url).searchParams, params });
    if (!binding.ok) {
      const failure = validationFailure(binding.error, binding.part === "body" ? "The request body" : "The query");
      return refuse(errorResponse(failure.code, failure.message, failure.details));
    }
    // Ids come from the URL: anything that is not a uuid is simply unknown.
    if (params.id !== undefined && !isUuid(params.id))
      return refuse(
        errorResponse(route.unknownId ?? "NOT_FOUND", "Nothing with that id was found.", { id: params.id }),
      );
    if (actor && acceptsIdempotencyKey(route)) {
      const key = idempotencyKeyOf(req);
      if (key instanceof Response) return refuse(key);
      if (key !== null) {
        const request = {
          credentialId: actor.id,
          key,
          method: req.method,
          path: new URL(req.url).pathname,
          body: raw === EMPTY ? undefined : raw,
        };
        return await runIdempotently(db, request, (tx) => binding.run({ db: tx, actor, req }));
      }
    }
    return await binding.run({ db, actor, req });
  };
  return async (c: Context): Promise<Response> => {
    const req = c.req.raw;
    let response: Response;
    try {
      response = await unlessDatabaseStalls(answer(c, req));
    } catch (e) {
      response = unexpected(e, req);
    }
    return withApiHeaders(response, route.audience);
  };
}

/**
 * Every answer is JSON, never sniffed as anything else; an authenticated one is one key's data
 * (a secret shown once, a lease) that no browser, proxy or shared cache may keep.
 */
function withApiHeaders(response: Response, audience: ApiRoute["audience"]) {
  const headers = response.headers;
  if (!headers.has("x-content-type-options")) headers.set("X-Content-Type-Options", "nosniff");
  if (audience !== "public" && !headers.has("cache-control")) headers.set("Cache-Control", "no-store");
  return response;
}

/** A thrown refusal as its JSON answer; anything else is logged and answered 500 without details. */
export function unexpected(e: unknown, req: Request) {
  if (isLicensingError(e)) return errorResponse(e.code, e.message, e.details);
  const where = { method: req.method, path: new URL(req.url).pathname, ...errorFields(e) };
  if (isDatabaseUnavailable(e)) {
    log.warn(where, "database unavailable: answered 503");
    return databaseUnavailableResponse(e);
  }
  log.error(where, "API request failed");
  return errorResponse("INTERNAL", "Something went wrong on our side; nothing was changed. Please try again.");
}

async function authenticate(db: Database, header: string | null, audience: "client" | "manage") {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) return null;
  const actor = await authenticateToken(db, match[1]!);
  if (!actor || actor.type !== "token") return null;
  return actor.kind === (audience === "client" ? "contract_api_key" : "operator") ? actor : null;
}
