import "server-only";
import type { Context } from "hono";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/licensing/actor";
import { errorResponse } from "@/lib/http/errors";
import { RateLimiter } from "@/lib/http/rate-limit";
import { isLicensingError } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { authenticateToken } from "@/lib/licensing/tokens";
import { EMPTY, readJsonBody, type NodeBindings } from "./body";
import { strict } from "./strict";
import type { ApiRoute } from "./route";

// What every route of the table goes through, in this order: bearer-token auth for its audience,
// the rate limit per contract key (client API), the body (size, media type, JSON, strict zod),
// ids from the path, the handler, and every refusal mapped to {error:{code, message, …details}}.

let limiter: RateLimiter | undefined;

/** A body for a route that declares none: nothing, or an empty object. */
const noBody = z.object({}).strict();

export function handlerFor(route: ApiRoute, database: () => Database = getDb) {
  const bodySchema = route.body ? strict(route.body) : noBody;
  return async (c: Context): Promise<Response> => {
    const req = c.req.raw;
    try {
      const db = database();
      let actor: Actor | null = null;
      if (route.audience !== "public") {
        const found = await authenticate(db, req.headers.get("authorization"), route.audience);
        if (!found)
          return errorResponse(
            "UNAUTHENTICATED",
            "A valid API key is required: send it as Authorization: Bearer <key>.",
          );
        if (route.audience === "client") {
          limiter ??= new RateLimiter(env().SEATKEEPER_RATE_LIMIT);
          const wait = limiter.take(found.id);
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
      let body: unknown = undefined;
      if (route.method !== "get") {
        const raw = await readJsonBody(req, c.env as NodeBindings | undefined);
        if (raw instanceof Response) return raw;
        if (raw !== EMPTY || route.body) {
          const result = bodySchema.safeParse(raw === EMPTY ? {} : raw);
          if (!result.success) return validationFailed(result.error);
          body = result.data;
        }
      }
      const params = c.req.param() as Record<string, string>;
      // Ids come from the URL: anything that is not a uuid is simply unknown.
      if (params.id !== undefined && !isUuid(params.id))
        return errorResponse(route.unknownId ?? "NOT_FOUND", "Nothing with that id was found.");
      return await route.handle({ db, actor, params, body, req } as never);
    } catch (e) {
      return unexpected(e, req);
    }
  };
}

/** A thrown refusal as its JSON answer; anything else is logged and answered 500 without details. */
export function unexpected(e: unknown, req: Request) {
  if (isLicensingError(e)) return errorResponse(e.code, e.message, e.details);
  console.error("API request failed", req.method, new URL(req.url).pathname, e);
  return errorResponse("INTERNAL", "Something went wrong on our side; nothing was changed. Please try again.");
}

function validationFailed(error: z.ZodError) {
  const issues = error.issues.map((i) => {
    const path = i.path.join(".");
    if (i.code === "unrecognized_keys") {
      const fields = i.keys.map((k) => (path ? `${path}.${k}` : k));
      return { path: fields.join(", "), message: `Unknown field${fields.length > 1 ? "s" : ""}: ${fields.join(", ")}` };
    }
    return { path, message: i.message };
  });
  return errorResponse(
    "VALIDATION_FAILED",
    "The request body is not valid: " + issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ") + ".",
    { issues },
  );
}

async function authenticate(db: Database, header: string | null, audience: "client" | "manage") {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) return null;
  const actor = await authenticateToken(db, match[1]!);
  if (!actor || actor.type !== "token") return null;
  return actor.kind === (audience === "client" ? "contract_api_key" : "operator") ? actor : null;
}
