import "server-only";
import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import { actorId, type Actor } from "./actor";

export type AuditEntry = {
  organizationId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

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
