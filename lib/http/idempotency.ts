import "server-only";
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { isLicensingError } from "@/lib/licensing/errors";
import { errorResponse } from "./errors";

// Safe retries (SPEC §8): a write sent with an `Idempotency-Key` header runs once per credential
// and key. The key's row is claimed by an INSERT in the same transaction as the change and holds
// the answer when that transaction commits, so:
//  - a retry after the commit finds the row and gets the first answer again, changing nothing;
//  - a retry racing the first request waits on the row's unique key until the first commits (or
//    rolls back, and then runs itself): one change, the same answer for every racer;
//  - a failure that changed nothing (a 5xx, the database gone) rolls the claim back with it, so
//    the retry runs anew.
// Refusals (4xx) are answers too and are kept: a retry of a refused open is refused the same way.
// Without the header nothing of this runs: the hot path pays nothing.

/** How long a key is kept: a retry within this window is answered from the first request. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Set on an answer replayed from the first request under the same key. */
const REPLAYED_HEADER = "idempotent-replayed";

/** The key of a request, or a refusal for one that can't be a key (400, naming the header). */
export function idempotencyKeyOf(req: Request): string | Response | null {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (VALID_KEY.test(key)) return key;
  return errorResponse(
    "VALIDATION_FAILED",
    "The Idempotency-Key header is not valid: use 1 to 255 visible ASCII characters, e.g. a UUID.",
    { issues: [{ path: "Idempotency-Key", message: "1 to 255 visible ASCII characters" }] },
  );
}

export type IdempotentRequest = {
  /** The credential that sent it (a token's id): keys of different credentials never meet. */
  credentialId: string;
  key: string;
  method: string;
  path: string;
  /** The body as read (parsed JSON), compared by its canonical text. */
  body: unknown;
};

const requestHash = ({ method, path, body }: IdempotentRequest) =>
  createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${body === undefined ? "" : JSON.stringify(body)}`)
    .digest("hex");

/** Header names kept with an answer and replayed (content-type and what the API sets itself). */
const kept = ["content-type", "etag", "retry-after", "cache-control", "location"];

/**
 * Runs a write once per key: `run` gets the transaction to do its work in and answers the
 * response, or throws (a LicensingError becomes its refusal, kept like any answer). Returns the
 * response, the first answer again (with Idempotent-Replayed), or 422 IDEMPOTENCY_KEY_REUSED.
 */
export async function runIdempotently(
  db: Database,
  request: IdempotentRequest,
  run: (tx: Database) => Promise<Response> | Response,
): Promise<Response> {
  const hash = requestHash(request);
  const expiresAt = sql`now() + make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS})`;
  const scope = and(eq(idempotencyKeys.credentialId, request.credentialId), eq(idempotencyKeys.key, request.key));
  return db
    .transaction(async (tx) => {
      // The claim: a new key, or one whose window has passed, is taken for this request. A racing
      // request with the same key blocks here until this transaction ends.
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({
          credentialId: request.credentialId,
          key: request.key,
          requestHash: hash,
          // Replaced by the answer before this transaction commits: no one ever reads these.
          status: 0,
          headers: {},
          expiresAt,
        })
        .onConflictDoUpdate({
          target: [idempotencyKeys.credentialId, idempotencyKeys.key],
          set: { requestHash: hash, status: 0, headers: {}, body: null, createdAt: sql`now()`, expiresAt },
          setWhere: sql`${idempotencyKeys.expiresAt} <= now()`,
        })
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) {
        const [first] = await tx.select().from(idempotencyKeys).where(scope);
        if (!first || first.requestHash !== hash)
          return errorResponse(
            "IDEMPOTENCY_KEY_REUSED",
            `This Idempotency-Key was used in the last ${IDEMPOTENCY_WINDOW_HOURS} hours for another request (another method, path or body); use a new key for a new request.`,
          );
        return new Response(first.body, {
          status: first.status,
          headers: { ...first.headers, [REPLAYED_HEADER]: "true" },
        });
      }
      const answer = await answerOf(tx, run);
      if (answer.status >= 500) throw new UnkeptAnswer(answer);
      const body = answer.status === 204 ? null : await answer.text();
      const headers = Object.fromEntries(
        kept.flatMap((name) => {
          const value = answer.headers.get(name);
          return value === null ? [] : [[name, value]];
        }),
      );
      await tx.update(idempotencyKeys).set({ status: answer.status, headers, body }).where(scope);
      return new Response(body, { status: answer.status, headers: answer.headers });
    })
    .catch((e: unknown) => {
      if (e instanceof UnkeptAnswer) return e.answer;
      throw e;
    });
}

/**
 * The work's answer in the key's transaction. A refusal is an answer like any other: domain
 * functions refuse before changing anything (or inside their own transaction, a savepoint here),
 * and the denial row they record on the way out is kept with it.
 */
async function answerOf(tx: Database, run: (tx: Database) => Promise<Response> | Response) {
  try {
    return await run(tx);
  } catch (e) {
    if (isLicensingError(e)) return errorResponse(e.code, e.message, e.details);
    throw e;
  }
}

/** A 5xx answer: the transaction rolls back (nothing kept) and the answer is sent as it is. */
class UnkeptAnswer extends Error {
  constructor(readonly answer: Response) {
    super("unkept answer");
  }
}
