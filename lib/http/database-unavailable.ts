import { causes } from "@/lib/runtime/log";

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

// Node's socket errors and postgres.js's own codes for a connection that failed or went away.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "DATABASE_TIMEOUT",
  "DATABASE_NO_ANSWER",
]);

// SQLSTATEs that say "the database could not do it now", not "the request was wrong":
// 08 connection exceptions, 53 insufficient resources (too many connections), 57014 a statement
// cancelled by statement_timeout, 57P01–57P05 server shutting down or not accepting, 55P03 a lock
// not obtained within lock_timeout, 25P03 a transaction ended by idle_in_transaction_session_timeout.
const UNAVAILABLE_STATES = /^(08|53|57P0)|^(57014|55P03|25P03)$/;

/** Whether an error means the database was unreachable, stalled or overloaded (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown })?.code;
    if (typeof code !== "string") return false;
    return CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code);
  });
}

/** 503 DATABASE_UNAVAILABLE with Retry-After, in the APIs' error shape; nothing was changed. */
export function databaseUnavailableResponse(): Response {
  return Response.json(
    {
      error: {
        code: "DATABASE_UNAVAILABLE",
        message: `The database is unavailable right now; nothing was changed. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
        retryAfter: DATABASE_RETRY_AFTER_SECONDS,
      },
    },
    { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

/** Rejects with a DATABASE_TIMEOUT error when `work` has not settled within `ms` (a stalled server). */
export function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`The database did not answer within ${ms} ms.`), { code: "DATABASE_TIMEOUT" })),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
