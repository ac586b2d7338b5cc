import type { Database } from "@/db/client";
import { createApiApp } from "@/lib/api/app";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { unique } from "./db";
import { testOperator } from "./fixtures";

export type ApiAnswer<T> = { status: number; body: T; headers: Headers };
type Call = <T>(
  path: string,
  init?: { method?: string; body?: unknown; headers?: Record<string, string> },
) => Promise<ApiAnswer<T>>;

/** The real /api/v1 app on a test's database, called with a fresh operator token. */
export async function manageApi(db: Database): Promise<Call> {
  const app = createApiApp({ db: () => db });
  const token = (await createOperatorToken(db, testOperator, unique("manage-api"))).secret;
  return async (path, init = {}) => {
    const res = await app.fetch(
      new Request(`http://localhost${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    );
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never, headers: res.headers };
  };
}
