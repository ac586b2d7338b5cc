import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as activationRefresh from "@/app/api/v1/activations/[id]/refresh/route";
import * as activation from "@/app/api/v1/activations/[id]/route";
import * as activations from "@/app/api/v1/activations/route";
import * as keys from "@/app/api/v1/keys/route";
import * as license from "@/app/api/v1/license/route";
import * as manageApiKey from "@/app/api/v1/manage/api-keys/[id]/route";
import * as manageContractApiKeys from "@/app/api/v1/manage/contracts/[id]/api-keys/route";
import * as manageContractPool from "@/app/api/v1/manage/contracts/[id]/pools/[module]/route";
import * as manageContract from "@/app/api/v1/manage/contracts/[id]/route";
import * as manageContracts from "@/app/api/v1/manage/contracts/route";
import * as manageModules from "@/app/api/v1/manage/modules/route";
import * as manageOrganizationProfiles from "@/app/api/v1/manage/organizations/[id]/profiles/route";
import * as manageOrganizationUsage from "@/app/api/v1/manage/organizations/[id]/usage/route";
import * as manageOrganizationUsers from "@/app/api/v1/manage/organizations/[id]/users/route";
import * as manageOrganizations from "@/app/api/v1/manage/organizations/route";
import * as manageProfile from "@/app/api/v1/manage/profiles/[id]/route";
import * as manageUser from "@/app/api/v1/manage/users/[id]/route";
import * as sessionHeartbeat from "@/app/api/v1/sessions/[id]/heartbeat/route";
import * as session from "@/app/api/v1/sessions/[id]/route";
import * as sessions from "@/app/api/v1/sessions/route";
import { MAX_BODY_BYTES } from "./handler";

// The lean path for /api/v1 (SPEC §7): the custom server hands API requests straight to the same
// route handlers Next.js would call (app/api/v1/**/route.ts, every rule in lib/), without the
// framework's per-request work, which cost several times the engine's own CPU per request.
// Anything not matched here (another method, another path) still goes to Next.js.

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "PUT" | "DELETE", Handler>>;

/** The API's routes, as in app/api/v1 (`[name]` is one path segment). */
const ROUTES: [string, RouteModule][] = [
  ["sessions", sessions],
  ["sessions/[id]", session],
  ["sessions/[id]/heartbeat", sessionHeartbeat],
  ["activations", activations],
  ["activations/[id]", activation],
  ["activations/[id]/refresh", activationRefresh],
  ["license", license],
  ["keys", keys],
  ["manage/api-keys/[id]", manageApiKey],
  ["manage/contracts", manageContracts],
  ["manage/contracts/[id]", manageContract],
  ["manage/contracts/[id]/api-keys", manageContractApiKeys],
  ["manage/contracts/[id]/pools/[module]", manageContractPool],
  ["manage/modules", manageModules],
  ["manage/organizations", manageOrganizations],
  ["manage/organizations/[id]/profiles", manageOrganizationProfiles],
  ["manage/organizations/[id]/usage", manageOrganizationUsage],
  ["manage/organizations/[id]/users", manageOrganizationUsers],
  ["manage/profiles/[id]", manageProfile],
  ["manage/users/[id]", manageUser],
];

const PREFIX = "/api/v1/";
const routes = ROUTES.map(([pattern, module]) => ({ segments: pattern.split("/"), module }));

/** The handler and path parameters for a method and path, or null when Next.js should answer. */
export function matchApiRoute(
  method: string,
  pathname: string,
): { handler: Handler; params: Record<string, string> } | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const parts = pathname.slice(PREFIX.length).split("/");
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      if (!segment.startsWith("[")) return segment === parts[i];
      params[segment.slice(1, -1)] = safeDecode(parts[i]!);
      return parts[i] !== "";
    });
    if (!matches) continue;
    const handler = route.module[method as keyof RouteModule];
    return handler ? { handler, params } : null;
  }
  return null;
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Serves an /api/v1 request when a route handler matches it; false leaves it to Next.js. */
export async function serveApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const match = matchApiRoute(req.method ?? "GET", url.pathname);
  if (!match) return false;
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const response = await match.handler(new Request(url, { method: req.method, headers, body }), {
    params: Promise.resolve(match.params),
  });
  const payload = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (payload.length || response.status !== 204) res.setHeader("content-length", payload.length);
  res.end(payload);
  return true;
}

/** The body, cut one byte past the limit: the handler then refuses it as too large. */
async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size > MAX_BODY_BYTES) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1));
}
