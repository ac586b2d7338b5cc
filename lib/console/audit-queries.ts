import "server-only";
import { and, asc, desc, eq, gte, ilike, isNull, lt, sql, type SQL } from "drizzle-orm";
import { storableText } from "@/lib/validation/text";
import { z } from "zod";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";

// The audit log of one organization, or the vendor's own log (catalogue, plans, organizations,
// operator tokens: events that belong to no organization): filtered (actor, action, target, date
// range), paginated, and exported as CSV with the same filter. Filters come from the URL, so they
// are parsed here.

/** Whose log: an organization's id, or VENDOR_LOG for the events of no organization. */
export const VENDOR_LOG = "vendor";
const ofLog = (log: string) =>
  log === VENDOR_LOG ? isNull(auditEvents.organizationId) : eq(auditEvents.organizationId, log);

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 50_000;
/** Matching events are counted up to this many (a full count of a busy year is slow); beyond, "more than". */
export const AUDIT_COUNT_CAP = 10_000;

const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .catch(undefined)
  .transform((v) => (v ? (storableText(v) ?? undefined) : undefined));
const day = z.iso.date().optional().catch(undefined);

/** The two views (SPEC §5): people's and integrations' changes, and licensed applications' traffic. */
export const auditViews = ["changes", "activity"] as const;
// Client activity: what licensed applications did (retention keeps it for fewer days, too).
const clientActivity = sql`(${auditEvents.action} like 'session.%' or ${auditEvents.action} like 'activation.%')`;

export const auditFilterInput = z.object({
  view: z.enum(auditViews).catch("changes").default("changes"),
  actor: text,
  action: text,
  targetType: text,
  targetId: text,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type AuditFilter = z.output<typeof auditFilterInput>;

/** Reads the filter from URL search params; anything malformed is simply ignored. */
export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return auditFilterInput.parse(
    Object.fromEntries(Object.keys(auditFilterInput.shape).map((k) => [k, first(params[k])])),
  );
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter as one condition over the log (the management API's audit list reads it too). */
export function auditWhere(log: string, f: Partial<Omit<AuditFilter, "page">>): SQL | undefined {
  return and(
    ofLog(log),
    f.view === "activity" ? clientActivity : sql`not ${clientActivity}`,
    f.actor ? ilike(auditEvents.actorLabel, `%${escapeLike(f.actor)}%`) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.targetType ? eq(auditEvents.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditEvents.targetId, f.targetId) : undefined,
    // Whole days in UTC, the "to" day included.
    f.from ? gte(auditEvents.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(auditEvents.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
  );
}

const columns = {
  id: auditEvents.id,
  createdAt: auditEvents.createdAt,
  actorType: auditEvents.actorType,
  actorLabel: auditEvents.actorLabel,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  before: auditEvents.before,
  after: auditEvents.after,
};

/** One page of events, newest first, and how many match in all. */
export async function auditPage(db: Database, log: string, filter: AuditFilter) {
  const where = auditWhere(log, filter);
  const [rows, [total]] = await Promise.all([
    db
      .select(columns)
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((filter.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(
      sql`(${db
        .select({ one: sql`1` })
        .from(auditEvents)
        .where(where)
        .limit(AUDIT_COUNT_CAP + 1)}) as capped`,
    ),
  ]);
  const counted = Number(total?.n ?? 0);
  return { rows, total: Math.min(counted, AUDIT_COUNT_CAP), isTotalCapped: counted > AUDIT_COUNT_CAP };
}
export type AuditRow = Awaited<ReturnType<typeof auditPage>>["rows"][number];

/** One keyset page of events, newest first, for the management API. */
export async function auditKeysetPage(
  db: Database,
  log: string,
  filter: Partial<Omit<AuditFilter, "page">> & { limit: number; cursor?: Keyset },
) {
  const page = keysetPage(auditEvents.createdAt, auditEvents.id, auditWhere(log, filter), filter.cursor);
  const fetched = await db
    .select({ ...columns, pagedAt: keysetTime(auditEvents.createdAt) })
    .from(auditEvents)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return pageOf(fetched, filter.limit);
}

/** Every matching event (up to the export limit), newest first, for the CSV export. */
export function auditExport(db: Database, log: string, filter: AuditFilter) {
  return db
    .select(columns)
    .from(auditEvents)
    .where(auditWhere(log, filter))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(AUDIT_EXPORT_LIMIT);
}

/** The actions and target types recorded in the log, for the filter's choices. */
export async function auditVocabulary(db: Database, log: string) {
  const [actions, targetTypes] = await Promise.all([
    db.selectDistinct({ v: auditEvents.action }).from(auditEvents).where(ofLog(log)).orderBy(asc(auditEvents.action)),
    db
      .selectDistinct({ v: auditEvents.targetType })
      .from(auditEvents)
      .where(ofLog(log))
      .orderBy(asc(auditEvents.targetType)),
  ]);
  return { actions: actions.map((r) => r.v), targetTypes: targetTypes.map((r) => r.v) };
}

/** The filter back as URL params (without the page), for links, pagination and the export. */
export function auditFilterParams(log: string, f: AuditFilter) {
  const params = new URLSearchParams({ org: log });
  if (f.view !== "changes") params.set("view", f.view);
  for (const key of ["actor", "action", "targetType", "targetId", "from", "to"] as const) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  return params;
}
