import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import type { AuditRow } from "./draft";

export const AUDIT_BATCH = 500;

/** The next audit rows behind the oldest running transaction, in transaction-id order (see feed.ts). */
export async function auditRowsAfter(tx: Tx, xid: string, lastId: number): Promise<AuditRow[]> {
  const result = await tx.execute(sql`
    select a.id, a.xid::text as xid, a.organization_id as "organizationId", a.action, a.target_id as "targetId",
           a.before, a.after, a.created_at as "createdAt", p.id as "poolId", p.contract_id as "contractId",
           m.key as module, s.end_reason as "sessionEndReason"
      from audit_events a
      left join sessions s on a.target_type = 'session'
            and s.id = (case when a.target_type = 'session' then a.target_id::uuid end)
      left join device_activations d on a.target_type = 'device_activation'
            and d.id = (case when a.target_type = 'device_activation' then a.target_id::uuid end)
      left join license_pools p on p.id = coalesce(s.pool_id, d.pool_id,
            case when a.target_type = 'license_pool' then a.target_id::uuid end)
      left join modules m on m.id = p.module_id
     where a.xid >= ${xid}::xid8 and (a.xid > ${xid}::xid8 or a.id > ${lastId})
       and a.xid < pg_snapshot_xmin(pg_current_snapshot())
     order by a.xid, a.id
     limit ${AUDIT_BATCH}`);
  return rowsOf<AuditRow>(result).map((r) => ({ ...r, id: Number(r.id) }));
}
