import "server-only";
import { and, asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

// The management API's one list convention: newest first, keyset-paged on (created_at, id) with an
// opaque `cursor` (the last row's time to the microsecond and id) and `limit`, so the thousandth
// page costs what the first does and rows created meanwhile are neither skipped nor repeated.

export const LIST_PAGE_SIZE = 50;

/** A page boundary: `${time to the microsecond}_${id}` (a uuid, or a bigint identity), base64url-encoded. */
export type Keyset = { at: string; id: string };

const time = String.raw`(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z)`;
const boundaries = {
  uuid: new RegExp(`^${time}_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`),
  bigint: new RegExp(`^${time}_(\\d{1,18})$`),
};
type IdKind = keyof typeof boundaries;

/** A time PostgreSQL holds as written: a real calendar day (no 31 February) of years 1 and later. */
const isRealInstant = (at: string) => {
  const parsed = new Date(at);
  return !Number.isNaN(parsed.getTime()) && at >= "0001" && parsed.toISOString().slice(0, 19) === at.slice(0, 19);
};

const decode = (cursor: string, kind: IdKind): Keyset | null => {
  const match = boundaries[kind].exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || !isRealInstant(match[1]!)) return null;
  return { at: match[1]!, id: match[2]! };
};
const encode = ({ at, id }: Keyset) => Buffer.from(`${at}_${id}`, "utf8").toString("base64url");

/** `limit` and `cursor` of a list paged by rows' ids of this kind. */
export const pageInputOf = (kind: IdKind) => ({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(LIST_PAGE_SIZE)
    .describe(`Rows per page, 1–100 (${LIST_PAGE_SIZE})`),
  cursor: z
    .string()
    .max(200)
    .transform((c, ctx) => {
      const keyset = decode(c, kind);
      if (!keyset) ctx.addIssue({ code: "custom", message: "a cursor from a previous page (nextCursor)" });
      return keyset ?? z.NEVER;
    })
    .optional()
    .describe("The previous page's nextCursor: rows older than its last"),
});

/** `limit` and `cursor`, as every list of the management API takes them (rows with uuid ids). */
export const pageInput = pageInputOf("uuid");

/** The time a row is paged by, as text to the microsecond (a JS Date would round it). */
export const keysetTime = (createdAt: AnyColumn) =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The WHERE and ORDER BY of a page: rows older than the cursor, newest first; or, going back
 * (`newer`), the rows just newer than it, oldest first (twoWayPageOf turns them round).
 */
export function keysetPage(
  createdAt: AnyColumn,
  id: AnyColumn,
  where: SQL | undefined,
  cursor: Keyset | undefined,
  direction: "older" | "newer" = "older",
) {
  // The cursor's id was parsed as the list's kind (pageInputOf), so its form says its type.
  const idType = sql.raw(/^\d+$/.test(cursor?.id ?? "") ? "bigint" : "uuid");
  const boundary = cursor ? sql`(${cursor.at}::timestamptz, ${cursor.id}::${idType})` : undefined;
  if (direction === "newer")
    return {
      where: and(where, boundary ? sql`(${createdAt}, ${id}) > ${boundary}` : undefined),
      orderBy: [asc(createdAt), asc(id)],
    };
  return {
    where: and(where, boundary ? sql`(${createdAt}, ${id}) < ${boundary}` : undefined),
    orderBy: [desc(createdAt), desc(id)],
  };
}

/** The page's rows (fetched `limit + 1`) and the cursor to the next, null on the last. */
export function pageOf<R extends { id: string | number; pagedAt: string }>(fetched: R[], limit: number) {
  const rows = fetched.slice(0, limit).map(({ pagedAt, ...row }) => {
    void pagedAt;
    return row;
  });
  const last = fetched[limit - 1];
  return {
    rows,
    nextCursor: fetched.length > limit && last ? encode({ at: last.pagedAt, id: String(last.id) }) : null,
  };
}

/**
 * A page walked both ways (the console's Older and Newer links), rows newest first: `nextCursor`
 * to the older rows, `previousCursor` to the newer ones (pass it as the `newer` cursor), each null
 * when there is nothing that way. `fetched` is `limit + 1` rows in keysetPage's order.
 */
export function twoWayPageOf<R extends { id: string | number; pagedAt: string }>(
  fetched: R[],
  limit: number,
  direction: "older" | "newer",
  fromCursor: boolean,
) {
  const hasMore = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (direction === "newer") page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const boundary = (row: R) => encode({ at: row.pagedAt, id: String(row.id) });
  // Going back always leaves older rows behind; going on, newer ones once a cursor was given.
  return {
    rows: page.map(({ pagedAt, ...row }) => {
      void pagedAt;
      return row;
    }),
    nextCursor: last && (direction === "newer" || hasMore) ? boundary(last) : null,
    previousCursor: first && (direction === "newer" ? hasMore : fromCursor) ? boundary(first) : null,
  };
}
