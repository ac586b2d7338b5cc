import "server-only";
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { contracts, denials, licensePools, modules, organizations, users } from "@/db/schema";
import { refusalCodes } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { storableText } from "@/lib/validation/text";

// Every refused acquisition as a row (SPEC §5 "Denials"): for one organization or, for vendor
// staff, every organization. Filters come from the URL (console) or the query string (management
// API). Paging is keyset on (created_at, id), newest first, so the millionth row costs what the
// first does: the index denials_organization_created_idx (organization, created_at, id) serves
// one organization, denials_created_idx (created_at, id) the vendor-wide list.

/** Every organization's denials (vendor staff only). */
export const ALL_ORGANIZATIONS = "all";

export const DENIALS_PAGE_SIZE = 50;
export const DENIALS_EXPORT_LIMIT = 50_000;
/** Matching rows are counted up to this many; beyond, the page says "more than". */
export const DENIALS_COUNT_CAP = 10_000;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v ? (storableText(v, max) ?? undefined) : undefined))
    .optional();
// Days and cursors the database can take: a day of years 1–9998 (the "to" day's end must exist
// too) and a cursor time that is a real instant, so a well-formed but impossible value is refused
// by name instead of reaching PostgreSQL.
const day = z.iso
  .date()
  .refine((d) => d >= "0001-01-01" && d <= "9998-12-31", "a day between 0001-01-01 and 9998-12-31")
  .optional();
const cursorPattern =
  /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?Z)_\d{1,18}$/;
const isRealInstant = (iso: string) => {
  const at = new Date(iso);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === iso.slice(0, 10) && iso >= "0001";
};
/** A page boundary: the ISO time and id of the last row seen, `2026-12-02T10:00:00.000Z_123`. */
const cursor = z
  .string()
  .regex(cursorPattern, "a cursor from a previous page (nextCursor)")
  .refine((c) => isRealInstant(cursorPattern.exec(c)?.[1] ?? ""), "a cursor from a previous page (nextCursor)")
  .optional();

/** The filter, strict: the management API answers VALIDATION_FAILED for a bad value. */
export const denialFilterInput = z.object({
  pool: z.uuid().optional().describe("A licence pool's id"),
  code: z.enum(refusalCodes).optional().describe("The refusal code"),
  user: text(100).describe("A user's id, or a username as the client sent it (any case)"),
  device: text(500).describe("A device id or fingerprint, exactly"),
  from: day.describe("First day (UTC), included"),
  to: day.describe("Last day (UTC), included"),
  before: cursor.describe("Rows older than this cursor (the previous answer's nextCursor)"),
  after: cursor.describe("Rows newer than this cursor (to page back)"),
});
export type DenialFilter = z.output<typeof denialFilterInput>;

const filterKeys = ["pool", "code", "user", "device", "from", "to"] as const;

/** Reads the filter from the console's URL: a malformed value is simply ignored there. */
export function parseDenialFilter(params: Record<string, string | string[] | undefined>): DenialFilter {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(denialFilterInput.shape) as (keyof DenialFilter)[]) {
    const parsed = denialFilterInput.shape[key].safeParse(first(params[key]) || undefined);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as DenialFilter;
}

/** The filter back as URL params (without the cursor), for links, paging and the export. */
export function denialFilterParams(scope: string, f: DenialFilter) {
  const params = new URLSearchParams({ org: scope });
  for (const key of filterKeys) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  return params;
}

// The cursor keeps the time to the microsecond as PostgreSQL stores it (a JS Date would round
// it to the millisecond and skip or repeat rows at a page boundary).
const parseCursor = (c: string) => {
  const at = c.lastIndexOf("_");
  return { createdAt: c.slice(0, at), id: c.slice(at + 1) };
};
const cursorOf = (row: { at: string; id: number }) => `${row.at}_${row.id}`;
const rowKey = (c: { createdAt: string; id: string }) => sql`(${c.createdAt}::timestamptz, ${c.id}::bigint)`;

function conditions(scope: string, f: DenialFilter): SQL | undefined {
  const user = f.user;
  return and(
    scope === ALL_ORGANIZATIONS ? undefined : eq(denials.organizationId, scope),
    f.pool ? eq(denials.poolId, f.pool) : undefined,
    f.code ? eq(denials.code, f.code) : undefined,
    user ? (isUuid(user) ? eq(denials.userId, user) : sql`lower(${denials.username}) = lower(${user})`) : undefined,
    f.device ? eq(denials.deviceId, f.device) : undefined,
    // Whole days in UTC, the "to" day included.
    f.from ? gte(denials.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(denials.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
  );
}

const columns = {
  id: denials.id,
  createdAt: denials.createdAt,
  organizationId: denials.organizationId,
  organizationName: organizations.name,
  poolId: denials.poolId,
  moduleKey: modules.key,
  moduleName: modules.name,
  kind: denials.kind,
  code: denials.code,
  message: denials.message,
  userId: denials.userId,
  /** The user's name now, or the username the client sent. */
  username: sql<string | null>`coalesce(${users.username}, ${denials.username})`,
  deviceId: denials.deviceId,
  clientType: denials.clientType,
  actor: denials.actor,
  at: sql<string>`to_char(${denials.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

function rowsQuery(db: Database, where: SQL | undefined) {
  return db
    .select(columns)
    .from(denials)
    .innerJoin(organizations, eq(organizations.id, denials.organizationId))
    .leftJoin(modules, eq(modules.id, denials.moduleId))
    .leftJoin(users, eq(users.id, denials.userId))
    .where(where);
}

/**
 * One page of denials, newest first, with cursors to the next (older) and previous (newer) page,
 * and how many match (counted up to DENIALS_COUNT_CAP, so a wide filter costs no full count).
 */
export async function denialsPage(db: Database, scope: string, filter: DenialFilter, pageSize = DENIALS_PAGE_SIZE) {
  const where = conditions(scope, filter);
  const newer = filter.after ? parseCursor(filter.after) : null;
  const older = filter.before && !newer ? parseCursor(filter.before) : null;
  const keyset = newer
    ? sql`(${denials.createdAt}, ${denials.id}) > ${rowKey(newer)}`
    : older
      ? sql`(${denials.createdAt}, ${denials.id}) < ${rowKey(older)}`
      : undefined;
  const [fetched, [counted]] = await Promise.all([
    rowsQuery(db, and(where, keyset))
      .orderBy(...(newer ? [asc(denials.createdAt), asc(denials.id)] : [desc(denials.createdAt), desc(denials.id)]))
      .limit(pageSize + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(
      sql`(${db
        .select({ one: sql`1` })
        .from(denials)
        .where(where)
        .limit(DENIALS_COUNT_CAP + 1)}) as capped`,
    ),
  ]);
  const hasMore = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (newer) page.reverse();
  const rows = page.map(({ at, ...r }) => ({ ...r, id: Number(r.id), at }));
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    // Going back (after) always leaves older rows behind; going forward, newer ones when a cursor was given.
    nextCursor: last && (newer || hasMore) ? cursorOf(last) : null,
    previousCursor: first && (older || (newer && hasMore)) ? cursorOf(first) : null,
    total: Math.min(Number(counted?.n ?? 0), DENIALS_COUNT_CAP),
    isTotalCapped: Number(counted?.n ?? 0) > DENIALS_COUNT_CAP,
  };
}
export type DenialRow = Awaited<ReturnType<typeof denialsPage>>["rows"][number];

/** Every matching denial (up to the export limit), newest first, for the CSV export. */
export async function denialsExport(db: Database, scope: string, filter: DenialFilter) {
  const rows = await rowsQuery(db, conditions(scope, filter))
    .orderBy(desc(denials.createdAt), desc(denials.id))
    .limit(DENIALS_EXPORT_LIMIT);
  return rows.map(({ at, ...r }) => ({ ...r, id: Number(r.id), at }));
}

/** The pools the filter offers: the organization's (every contract), or none vendor-wide. */
export async function denialPools(db: Database, scope: string) {
  if (scope === ALL_ORGANIZATIONS) return [];
  return db
    .select({ id: licensePools.id, name: modules.name, startsAt: contracts.startsAt })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .where(eq(licensePools.organizationId, scope))
    .orderBy(asc(modules.name), desc(contracts.startsAt));
}

export const denialCodes = refusalCodes;
