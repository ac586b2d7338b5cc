import type { Database } from "@/db/client";
import { createApiApp } from "@/lib/api/app";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { unique } from "./db";
import { testOperator } from "./fixtures";

// The one way API tests call /api/v1: the real app on the test's database, through app.fetch.

/**
 * The app as a fetch: each request carries `bearer` (a key's or token's secret; none when null)
 * and the rest of `init` as given, bodies and headers untouched (the edges of the HTTP layer).
 */
export function apiFetch(db: Database, bearer: string | null, origin = "http://localhost") {
  const app = createApiApp({ db: () => db });
  return (path: string, init: RequestInit = {}) =>
    app.fetch(
      new Request(`${origin}${path}`, {
        ...init,
        headers: {
          ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
          ...(init.headers as Record<string, string> | undefined),
        },
      }),
    );
}

/** Requests by method: a body is sent as JSON with its content type; answers the raw Response. */
export function apiRequests(db: Database, bearer: string | null, origin?: string) {
  const fetch = apiFetch(db, bearer, origin);
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

export type ApiAnswer<T> = { status: number; body: T; headers: Headers };
type Call = <T>(
  path: string,
  init?: { method?: string; body?: unknown; headers?: Record<string, string> },
) => Promise<ApiAnswer<T>>;

/** The management API called with a fresh operator token, answers parsed. */
export async function manageApi(db: Database): Promise<Call> {
  const token = (await createOperatorToken(db, testOperator, unique("manage-api"))).secret;
  const request = apiRequests(db, token);
  return async (path, init = {}) => {
    const res = await request(init.method ?? "GET", path, init.body, {
      "content-type": "application/json",
      ...init.headers,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never, headers: res.headers };
  };
}
