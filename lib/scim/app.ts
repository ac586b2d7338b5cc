import "server-only";
import { Hono, type Context } from "hono";
import { getDb, type Database } from "@/db/client";
import { EMPTY, readJsonBody, type NodeBindings } from "@/lib/api/body";
import { isAddressBlocked, recordAuthFailure } from "@/lib/http/auth-failure-limit";
import { clientAddress } from "@/lib/http/client-address";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { authenticateToken } from "@/lib/licensing/tokens";
import { errorFields, log } from "@/lib/runtime/log";
import type { ScimActor } from "./actor";
import { asScimError, invalidSyntax, ScimError, scimErrorResponse } from "./errors";
import { recordScimRequest, type ScimLogEntry } from "./log";
import { scimRoutes, type ScimRequestContext } from "./routes";

// The SCIM 2.0 service provider at /scim/v2 (RFC 7644), one per organization: the bearer token
// decides which. server.ts serves it on Node before Next.js, like /api/v1 (lib/scim/node.ts);
// app/scim/v2/[[...path]]/route.ts hands it what reaches Next.js. Every request an organization's
// token sends is written to its provisioning log with what it changed or why it was refused.

export const SCIM_BASE_PATH = "/scim/v2";

type Env = { Variables: { scim: ScimRequestContext; entry: Pick<ScimLogEntry, "outcome" | "summary" | "details"> } };

const unauthenticated = () =>
  scimErrorResponse(new ScimError(401, "A valid SCIM token is required: send it as Authorization: Bearer <token>."), {
    "www-authenticate": 'Bearer realm="scim"',
  });

/** The body as JSON, or the SCIM refusal of the house's body rules (size, media type, syntax). */
async function readBody(c: Context<Env>): Promise<unknown> {
  const raw = await readJsonBody(c.req.raw, c.env as NodeBindings | undefined);
  if (raw === EMPTY) throw invalidSyntax("The request needs a JSON body.");
  if (!(raw instanceof Response)) return raw;
  const { error } = (await raw.json()) as { error: { message: string } };
  if (raw.status === 400) throw invalidSyntax(error.message);
  throw new ScimError(raw.status, error.message);
}

/** The application; tests pass their own database. */
export function createScimApp(options: { db?: () => Database } = {}) {
  const database = options.db ?? getDb;
  const app = new Hono<Env>({ strict: false }).basePath(SCIM_BASE_PATH);

  app.use(async (c, next) => {
    const db = database();
    const address = clientAddress(c.req.raw.headers);
    if (isAddressBlocked(address) > 0)
      return scimErrorResponse(new ScimError(429, "Too many invalid tokens from this address."));
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    const actor = match ? await authenticateToken(db, match[1]!) : null;
    if (!actor || actor.type !== "token" || actor.kind !== "scim") {
      recordAuthFailure(address);
      return unauthenticated();
    }
    const url = new URL(c.req.url);
    c.set("scim", { db, actor, base: `${url.origin}${SCIM_BASE_PATH}`, body: () => readBody(c) });
    c.set("entry", { outcome: "unchanged", summary: "Read." });
    await next();
    await logRequest(db, actor, c, url);
  });

  for (const r of scimRoutes) {
    app.on(r.method, r.path, async (c) => {
      const answer = await r.handle(
        c.var.scim,
        c.req.param() as Record<string, string>,
        new URL(c.req.url).searchParams,
        c.req.raw.headers,
      );
      c.set("entry", answer.log);
      return answer.response;
    });
  }
  app.notFound((c) =>
    scimErrorResponse(
      new ScimError(404, `There is no ${c.req.method} ${new URL(c.req.url).pathname} in this SCIM service.`),
    ),
  );
  app.onError((e, c) => {
    const refusal = asScimError(e);
    if (refusal) {
      c.set("entry", {
        outcome: "refused",
        summary: refusal.message,
        details: refusal.scimType ? { scimType: refusal.scimType } : undefined,
      });
      return scimErrorResponse(refusal);
    }
    const where = { method: c.req.method, path: new URL(c.req.url).pathname, ...errorFields(e) };
    if (isDatabaseUnavailable(e)) {
      log.warn(where, "database unavailable: SCIM answered 503");
      c.set("entry", { outcome: "failed", summary: "The database was unavailable; nothing was changed." });
      return scimErrorResponse(
        new ScimError(503, "The service is unavailable for a moment; nothing was changed. Please retry."),
        {
          "retry-after": "5",
        },
      );
    }
    log.error(where, "SCIM request failed");
    c.set("entry", { outcome: "failed", summary: "Something went wrong on our side; nothing was changed." });
    return scimErrorResponse(
      new ScimError(500, "Something went wrong on our side; nothing was changed. Please try again."),
    );
  });
  return app;
}

async function logRequest(db: Database, actor: ScimActor, c: Context<Env>, url: URL) {
  const entry = c.var.entry;
  try {
    await recordScimRequest(db, actor, {
      method: c.req.method,
      path: url.pathname + url.search,
      status: c.res.status,
      ...entry,
      outcome: c.res.status >= 500 ? "failed" : c.res.status >= 400 ? "refused" : entry.outcome,
    });
  } catch (e) {
    // The answer stands; a log row that could not be written is reported, not turned into a failure.
    log.error({ ...errorFields(e) }, "SCIM provisioning log row not written");
  }
}

let app: ReturnType<typeof createScimApp> | undefined;

/** The one SCIM application of this process. */
export function scimApp() {
  app ??= createScimApp();
  return app;
}
