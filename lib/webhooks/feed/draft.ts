import type { AuditAction, AuditPayloads } from "@/lib/licensing/audit-actions";
import type { WebhookEventType } from "../event-types";

/** An event the feed is about to write; its source makes a fact one event however often it is read. */
export type Draft = {
  type: WebhookEventType;
  organizationId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
  source: string;
};

type AuditRowHead = {
  id: number;
  xid: string;
  organizationId: string | null;
  targetId: string | null;
  createdAt: Date | string;
  poolId: string | null;
  contractId: string | null;
  module: string | null;
  sessionEndReason: string | null;
};

/**
 * An audit row as the feed reads it, with the pool its target belongs to (sessions, activations,
 * pools); its payload is the one its action writes.
 */
export type AuditRow<A extends AuditAction = AuditAction> = {
  [K in A]: AuditRowHead & {
    action: K;
    before: NonNullable<AuditPayloads[K]["before"]> | null;
    after: NonNullable<AuditPayloads[K]["after"]> | null;
  };
}[A];

/** The events of one audit row; a row standing for many holders (an import, a profile's members) makes one per holder. */
export function draftsOf(row: AuditRow) {
  const at = new Date(row.createdAt);
  return (type: WebhookEventType, data: Record<string, unknown>, holder?: string): Draft => ({
    type,
    organizationId: row.organizationId,
    occurredAt: at,
    data,
    source: `audit:${row.id}:${type}${holder ? `:${holder}` : ""}`,
  });
}

/** The pool an audit row's target belongs to, as every seat and pool event names it. */
export const poolOf = (row: AuditRow) => ({ poolId: row.poolId, contractId: row.contractId, module: row.module });
