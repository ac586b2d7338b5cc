import pino from "pino";

/**
 * One structured JSON line per event on stdout. Errors are described by `errorFields`, never
 * logged whole: a failed drizzle query carries its SQL parameters (secrets' hashes, emails) in its
 * message, and a postgres.js error its connection options.
 */
export const log = pino({
  base: { service: "seatkeeper" },
  level: process.env.SEATKEEPER_LOG_LEVEL ?? "info",
  timestamp: pino.stdTimeFunctions.isoTime,
});

type Described = { type: string; code?: string; message: string; query?: string };

/** What went wrong, for a log line: the innermost cause's type, code and message, and the SQL text only. */
export function errorFields(error: unknown): { error: Described } {
  const query = queryOf(error);
  const root = rootCause(error);
  const e = root as { name?: string; code?: unknown; message?: unknown };
  // Not `err`: pino would run its own error serializer over it.
  return {
    error: {
      type: typeof e?.name === "string" ? e.name : typeof root,
      ...(typeof e?.code === "string" ? { code: e.code } : {}),
      message: typeof e?.message === "string" ? withoutValues(firstLine(e.message)) : String(root),
      ...(query ? { query: firstLine(query).slice(0, 200) } : {}),
    },
  };
}

/**
 * The chain of causes, outermost first: drizzle wraps the driver's error in `cause`, and Auth.js
 * gives its errors a plain `{ err }` as their cause, whose `err` is what was thrown.
 */
export function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = causeOf(e)) {
    chain.push(e);
    if (typeof e !== "object") break;
  }
  return chain;
}

const causeOf = (e: unknown) => {
  const { cause, err } = e as { cause?: unknown; err?: unknown };
  return cause ?? (err instanceof Error ? err : undefined);
};

const rootCause = (error: unknown) => causes(error).at(-1);
const firstLine = (s: string) => s.split("\n", 1)[0]!;
// PostgreSQL quotes the offending value in some messages (invalid input syntax for type integer: "…").
const withoutValues = (s: string) => s.replace(/"[^"]*"/g, '"…"');

function queryOf(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const q = (e as { query?: unknown })?.query;
    if (typeof q === "string") return q;
  }
  return undefined;
}

type Printer = Pick<Console, "error" | "warn">;

/**
 * Next.js prints what a page or server action threw with console.error, whole, and a failed drizzle
 * query's message carries its SQL parameters (emails, secrets' hashes). From this call on, such an
 * error is printed as errorFields describe it: type, code, first line, SQL text, no values.
 */
export function redactQueryErrors(target: Printer = console) {
  for (const level of ["error", "warn"] as const) {
    const print = target[level].bind(target);
    target[level] = (...args: unknown[]) =>
      print(...args.map((a) => (carriesParameters(a) ? `${JSON.stringify(errorFields(a).error)}` : a)));
  }
}

const carriesParameters = (value: unknown) =>
  value instanceof Error &&
  causes(value).some((e) => typeof (e as Error)?.message === "string" && /\nparams: /.test((e as Error).message));
