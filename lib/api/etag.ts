import "server-only";
import { createHash } from "node:crypto";
import { errorResponse } from "@/lib/http/errors";

// Optimistic concurrency for the management API's PATCHes: a record's ETag is a hash of what a
// GET answers for it, so any change a reader could see changes it; a PATCH with If-Match applies
// only while the record still has the ETag the client read (checked under the row's lock).

/** The strong ETag of a record as answered. */
export const etagOf = (record: unknown) =>
  `"${createHash("sha256").update(JSON.stringify(record)).digest("base64url").slice(0, 32)}"`;

/** The 412 for an If-Match that names none of the record's current ETag, or null to go on. */
export function unlessIfMatches(req: Request, current: string): Response | null {
  const header = req.headers.get("if-match");
  if (header === null || header.trim() === "*") return null;
  const named = header.split(",").map((tag) => tag.trim());
  if (named.includes(current)) return null;
  return errorResponse(
    "PRECONDITION_FAILED",
    "The resource changed since you read it (If-Match names another ETag): read it again and retry.",
    { etag: current },
  );
}

/** What the document says of the ETag header of an answer. */
export const etagHeader = "The record's version: send it as If-Match to change it only while it is unchanged";
