import "server-only";
import { and, desc, eq, gt, inArray, is, isNull, SQL, sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import { columnList } from "@/db/sql";
import { actorId, type Actor } from "./actor";
import type { AuditAction, AuditPayloads } from "./audit-actions";

type EntryHead = { organizationId: string | null; targetType: string; targetId?: string | null };

/** One audit event: its action, and the payload that action's rows hold (audit-actions.ts). */
export type AuditEntry = { [A in AuditAction]: EntryHead & { action: A } & AuditPayloads[A] }[AuditAction];

/** Appends an audit event. Call it with the transaction that makes the change. */
export async function recordAudit(tx: Executor, actor: Actor, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    organizationId: entry.organizationId,
    actorType: actor.type,
    actorId: actorId(actor),
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** Refusals of one kind by one actor within this many seconds share one audit row. */
export const REFUSAL_WINDOW_SECONDS = 60;

/** A refusal: what was tried (its permission or target) and the code and sentence the person got. */
type RefusalEntry = EntryHead & { after: { code: string; message: string } & Record<string, unknown> };

/**
 * Records a refused attempt (action "refused"). A burst of the same refusal is one row, not one
 * per attempt: a refusal like one the same actor got within REFUSAL_WINDOW_SECONDS (same
 * organization, target type and `after` but for its sentence) counts on that row (`times`, with
 * the last one's time as `lastAt`) instead of adding a row, so retries and floods keep the facts
 * (who, what, how often, from when to when) in a bounded number of rows kept for the retention
 * period. The count is exact: repeats of one kind take turns (an advisory lock on the kind).
 */
export async function recordRefusal(ex: Executor, actor: Actor, entry: RefusalEntry, now = new Date()) {
  const { message, ...kind } = entry.after;
  void message;
  const id = actorId(actor);
  const sameKind = JSON.stringify(kind);
  await ex.transaction(async (tx) => {
    // Two first refusals of a kind at once would otherwise both add a row.
    const lock = [entry.organizationId, actor.type, id, entry.targetType, entry.targetId, sameKind].join("|");
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lock}, 0))`);
    const latest = tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          entry.organizationId === null
            ? isNull(auditEvents.organizationId)
            : eq(auditEvents.organizationId, entry.organizationId),
          gt(auditEvents.createdAt, new Date(now.getTime() - REFUSAL_WINDOW_SECONDS * 1000)),
          eq(auditEvents.action, "refused"),
          eq(auditEvents.actorType, actor.type),
          id === null ? isNull(auditEvents.actorId) : eq(auditEvents.actorId, id),
          eq(auditEvents.targetType, entry.targetType),
          entry.targetId ? eq(auditEvents.targetId, entry.targetId) : isNull(auditEvents.targetId),
          sql`(${auditEvents.after} - 'message' - 'times' - 'lastAt') = ${sameKind}::jsonb`,
        ),
      )
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const counted = await tx
      .update(auditEvents)
      .set({
        after: sql`${auditEvents.after} || jsonb_build_object('times', coalesce((${auditEvents.after}->>'times')::int, 1) + 1, 'lastAt', ${now.toISOString()}::text)`,
      })
      .where(inArray(auditEvents.id, latest))
      .returning({ id: auditEvents.id });
    if (counted.length === 0) await recordAudit(tx, actor, { ...entry, action: "refused" });
  });
}

/** An event written for many rows at once: the organization (and before/after, as jsonb) may be read from each row (SQL). */
export type SetAuditEntry = { organizationId: string | null | SQL; targetType: string } & (
  | {
      [A in AuditAction]: {
        action: A;
        before?: AuditPayloads[A]["before"] | SQL;
        after?: AuditPayloads[A]["after"] | SQL;
      };
    }[AuditAction]
  // An action chosen per row (SQL) holds what the rows it may name hold; the statement says which.
  | { action: SQL; before?: SQL; after?: SQL }
);

/**
 * The same event as an `INSERT … SELECT`, to fold into a data-modifying statement on the hot path:
 * one event per row of `from` (e.g. `from opened`), its target id read from that row.
 */
export function auditInsertSql(actor: Actor | ActorColumns, entry: SetAuditEntry, targetId: SQL, from: SQL): SQL {
  return sql`${auditInsertInto} ${auditSelectSql(actor, entry, targetId, from)}`;
}

/** The head of an audit INSERT, for `${auditInsertInto} ${auditSelectSql(…)} union all ${auditSelectSql(…)}`. */
export const auditInsertInto = sql`insert into ${auditEvents} ${columnList(
  auditEvents.organizationId,
  auditEvents.actorType,
  auditEvents.actorId,
  auditEvents.actorLabel,
  auditEvents.action,
  auditEvents.targetType,
  auditEvents.targetId,
  auditEvents.before,
  auditEvents.after,
)}`;

/** An actor read from each row (SQL for its type, id and label), for events of many actors at once. */
export type ActorColumns = { type: SQL; id: SQL; label: SQL };

/** The rows of auditInsertSql as a SELECT: several go into one INSERT with `union all` (one insert into the table, not one per kind). */
export function auditSelectSql(actor: Actor | ActorColumns, entry: SetAuditEntry, targetId: SQL, from: SQL): SQL {
  const json = (value: unknown) =>
    is(value, SQL) ? value : value == null ? sql`null::jsonb` : sql`${JSON.stringify(value)}::jsonb`;
  const who = is(actor.type, SQL)
    ? (actor as ActorColumns)
    : { type: sql`${actor.type}`, id: sql`${actorId(actor as Actor)}`, label: sql`${actor.label}` };
  return sql`select ${is(entry.organizationId, SQL) ? entry.organizationId : sql`${entry.organizationId}::uuid`}, ${who.type}::actor_type, ${who.id}::text, ${who.label}::text, ${entry.action}::text, ${entry.targetType}::text, ${targetId}, ${json(entry.before)}, ${json(entry.after)}
    ${from}`;
}
