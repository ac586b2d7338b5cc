import "server-only";
import { Hono } from "hono";
import type { Database } from "@/db/client";
import { errorResponse } from "@/lib/http/errors";
import { handlerFor, unexpected } from "./pipeline";
import type { ApiRoute } from "./route";
import { apiRoutes } from "./table";

// The /api/v1 application: the route table on Hono. server.ts serves it on Node directly (the lean
// path, lib/api/node.ts), app/api/v1/[[...path]]/route.ts inside Next.js: the same code.

type PathEntry = { pattern: RegExp; routes: ApiRoute[]; cors: boolean };

const honoPath = (path: string) => path.replaceAll(/\{(\w+)\}/g, ":$1");

/** The table by path, for the answers to a path's other methods. */
function pathEntries(routes: ApiRoute[]): PathEntry[] {
  const byPath = new Map<string, ApiRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  return [...byPath].map(([path, routes]) => ({
    pattern: new RegExp("^" + path.replaceAll(/\{\w+\}/g, "[^/]+") + "$"),
    routes,
    cors: routes.every((r) => r.audience !== "manage"),
  }));
}

const allowed = (entry: PathEntry) => {
  const methods = entry.routes.map((r) => r.method.toUpperCase());
  if (methods.includes("GET")) methods.push("HEAD");
  if (entry.cors) methods.push("OPTIONS");
  return methods.join(", ");
};

const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "Retry-After" };

/** Browsers may call the client API from any origin (it is authorized by its bearer key). */
function withCors(handle: (c: Parameters<ReturnType<typeof handlerFor>>[0]) => Promise<Response>) {
  return async (c: Parameters<typeof handle>[0]) => {
    const response = await handle(c);
    if (c.req.raw.headers.has("origin")) for (const [k, v] of Object.entries(CORS)) response.headers.set(k, v);
    return response;
  };
}

/** The application over a route table; tests pass their own database. */
export function createApiApp(options: { routes?: ApiRoute[]; db?: () => Database } = {}) {
  const routes = options.routes ?? apiRoutes;
  const app = new Hono({ strict: true });
  for (const r of routes) {
    const handle = handlerFor(r, options.db);
    app.on(r.method.toUpperCase(), honoPath(r.path), r.audience === "manage" ? handle : withCors(handle));
  }
  const entries = pathEntries(routes);
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const entry = entries.find((e) => e.pattern.test(path));
    if (!entry) return errorResponse("NOT_FOUND", `There is no ${path} in this API; see /api/v1/openapi.json.`);
    const allow = allowed(entry);
    const method = c.req.method;
    if (method === "OPTIONS" && entry.cors) {
      return new Response(null, {
        status: 204,
        headers: {
          ...CORS,
          allow,
          "access-control-allow-methods": allow,
          "access-control-allow-headers": "Authorization, Content-Type",
          "access-control-max-age": "86400",
        },
      });
    }
    return errorResponse(
      "METHOD_NOT_ALLOWED",
      `${method} is not allowed on ${path}; use ${allow.replace(/, (?=[^,]*$)/, " or ")}.`,
      { allow: allow.split(", ") },
      { allow },
    );
  });
  app.onError((e, c) => unexpected(e, c.req.raw));
  return app;
}

let app: ReturnType<typeof createApiApp> | undefined;

/** The one /api/v1 application of this process. */
export function apiApp() {
  app ??= createApiApp();
  return app;
}
