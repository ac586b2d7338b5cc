import { databaseKind, probeDatabase } from "@/db/client";
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
// not obtained within lock_timeout, 25P03 a transaction ended by idle_in_transaction_session_timeout,
// 40P01 a statement chosen as a deadlock's victim (rare: batched rounds sort what they lock) —
// it changed nothing, so trying again is safe.
const UNAVAILABLE_STATES = /^(08|53|57P0)|^(57014|55P03|25P03|40P01)$/;

/** Whether an error means the database was unreachable, stalled or overloaded (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown })?.code;
    if (typeof code !== "string") return false;
    return CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code);
  });
}

/**
 * 503 DATABASE_UNAVAILABLE with Retry-After, in the APIs' error shape. A refused or failed
 * statement changed nothing; a database that stopped answering mid-request may still apply what it
 * was sent once it answers again, and the sentence says so.
 */
export function databaseUnavailableResponse(error?: unknown): Response {
  const outcome = causes(error).some((e) => (e as { code?: unknown })?.code === STALLED)
    ? "the database stopped answering, so a change you asked for may still be applied when it answers again"
    : "nothing was changed";
  return Response.json(
    {
      error: {
        code: "DATABASE_UNAVAILABLE",
        message: `The database is unavailable right now; ${outcome}. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
        retryAfter: DATABASE_RETRY_AFTER_SECONDS,
      },
    },
    { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

const STALLED = "DATABASE_NO_ANSWER";
/** A request still waiting for PostgreSQL this long has the server itself probed… */
export const STALL_CHECK_MS = 1_000;
/** …which must answer within this long (SPEC §6: a stalled database is answered 503 within 2 s). */
export const STALL_PROBE_MS = 600;

/**
 * `work` (a request's database work), unless PostgreSQL stops answering meanwhile: once it has
 * waited STALL_CHECK_MS, the server is probed on a connection of its own (so a pool busy with slow
 * statements on a live server is not taken for a stalled one), and again every STALL_CHECK_MS while
 * it waits; a probe with no answer rejects with DATABASE_NO_ANSWER, answered 503. A slow statement
 * on a live server keeps its statement_timeout and lock_timeout. The embedded database, in the
 * process itself, cannot stall apart from it.
 */
export function unlessDatabaseStalls<T>(work: Promise<T>): Promise<T> {
  if (databaseKind() !== "postgres") return work;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout;
    const check = () => {
      probeDatabase(STALL_PROBE_MS).then(
        () => {
          if (!done) timer = setTimeout(check, STALL_CHECK_MS);
        },
        (cause: unknown) => {
          if (done) return;
          done = true;
          reject(Object.assign(new Error("The database stopped answering.", { cause }), { code: STALLED }));
        },
      );
    };
    timer = setTimeout(check, STALL_CHECK_MS);
    work.then(
      (value) => {
        clearTimeout(timer);
        if (!done) resolve(value);
        done = true;
      },
      (e: unknown) => {
        clearTimeout(timer);
        if (!done) reject(e);
        done = true;
      },
    );
  });
}
