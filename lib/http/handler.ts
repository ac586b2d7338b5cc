import "server-only";
import type { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/licensing/actor";
import { isLicensingError, type RefusalCode } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { authenticateToken } from "@/lib/licensing/tokens";
import { isAddressBlocked, recordAuthFailure, tooManyAuthFailures } from "./auth-failure-limit";
import { clientAddress } from "./client-address";
import { errorResponse } from "./errors";
import { RateLimiter } from "./rate-limit";

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

let limiter: RateLimiter | undefined;

/**
 * The one route-handler wrapper for both APIs: bearer-token auth for the right audience, rate
 * limit per key (client API), body size and JSON checks, zod parsing, and every refusal mapped to
 * `{error:{code, message, …details}}` with its status. Handlers stay a few lines long.
 */
export function apiRoute<A extends Audience, S extends z.ZodType | undefined = undefined>(
  audience: A,
  options: { body?: S; unknownId?: RefusalCode },
  handle: (ctx: HandlerContext<A, S>) => Promise<Response>,
) {
  return async (req: Request, route?: RouteContext): Promise<Response> => {
    try {
      const db = getDb();
      const address = clientAddress(req.headers);
      const blockedFor = isAddressBlocked(address);
      if (blockedFor > 0) return tooManyAuthFailures(blockedFor);
      const actor = await authenticate(db, req, audience);
      if (!actor) {
        recordAuthFailure(address);
        return errorResponse("UNAUTHENTICATED", "A valid API key is required: send it as Authorization: Bearer <key>.");
      }
      if (audience === "client") {
        limiter ??= new RateLimiter(env().SEATKEEPER_RATE_LIMIT);
        const wait = limiter.take(actor.id);
        if (wait > 0) {
          return errorResponse(
            "RATE_LIMITED",
            `Too many requests for this key; try again in ${wait} seconds.`,
            { retryAfter: wait },
            { "Retry-After": String(wait) },
          );
        }
      }
      let body: unknown = undefined;
      if (options.body) {
        const parsed = await readJson(req);
        if (parsed instanceof Response) return parsed;
        const result = options.body.safeParse(parsed);
        if (!result.success) {
          return errorResponse(
            "VALIDATION_FAILED",
            "The request body is not valid: " +
              result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") +
              ".",
            {
              issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            },
          );
        }
        body = result.data;
      }
      const params = (await route?.params) ?? {};
      // Ids come from the URL: anything that is not a uuid is simply unknown.
      if (params.id !== undefined && !isUuid(params.id)) {
        return errorResponse(options.unknownId ?? "NOT_FOUND", "Nothing with that id was found.");
      }
      return await handle({ db, actor: actor as ActorFor<A>, params, body: body as HandlerContext<A, S>["body"], req });
    } catch (e) {
      if (isLicensingError(e)) return errorResponse(e.code, e.message, e.details);
      console.error("API request failed", req.method, new URL(req.url).pathname, e);
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

async function readJson(req: Request): Promise<unknown | Response> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooLarge();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return errorResponse("VALIDATION_FAILED", "The request body is not valid JSON.", {
      issues: [{ path: "", message: "Malformed JSON" }],
    });
  }
}

const tooLarge = () =>
  errorResponse("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);

/** What a contract API key stands for, as the engine takes it. */
export const clientKey = (actor: ContractKey) => ({
  contractId: actor.contractId,
  organizationId: actor.organizationId,
  actor,
});

/** JSON with dates as ISO strings (Response.json does that already) and a status. */
export const json = (data: unknown, status = 200) => Response.json(data, { status });
export const noContent = () => new Response(null, { status: 204 });
