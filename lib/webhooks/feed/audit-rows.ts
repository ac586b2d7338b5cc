import "server-only";
import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, deviceActivations, licensePools, modules, sessions } from "@/db/schema";
import { rowsOf, type Tx } from "@/db/client";
import type { AuditRow } from "./draft";

export const AUDIT_BATCH = 500;

const a = alias(auditEvents, "a");
const s = alias(sessions, "s");
const d = alias(deviceActivations, "d");
const p = alias(licensePools, "p");
const m = alias(modules, "m");

/** The next audit rows behind the oldest running transaction, in transaction-id order (see feed.ts). */
export async function auditRowsAfter(tx: Tx, xid: string, lastId: number): Promise<AuditRow[]> {
  const result = await tx.execute(sql`
    select ${a.id} as id, ${a.xid}::text as xid, ${a.organizationId} as "organizationId", ${a.action} as action,
           ${a.targetId} as "targetId", ${a.before} as before, ${a.after} as after, ${a.createdAt} as "createdAt",
           ${p.id} as "poolId", ${p.contractId} as "contractId", ${m.key} as module, ${s.endReason} as "sessionEndReason"
      from ${auditEvents} ${a}
      left join ${sessions} ${s} on ${a.targetType} = 'session'
            and ${s.id} = (case when ${a.targetType} = 'session' then ${a.targetId}::uuid end)
      left join ${deviceActivations} ${d} on ${a.targetType} = 'device_activation'
            and ${d.id} = (case when ${a.targetType} = 'device_activation' then ${a.targetId}::uuid end)
      left join ${licensePools} ${p} on ${p.id} = coalesce(${s.poolId}, ${d.poolId},
            case when ${a.targetType} = 'license_pool' then ${a.targetId}::uuid end)
      left join ${modules} ${m} on ${m.id} = ${p.moduleId}
     where ${a.xid} >= ${xid}::xid8 and (${a.xid} > ${xid}::xid8 or ${a.id} > ${lastId})
       and ${a.xid} < pg_snapshot_xmin(pg_current_snapshot())
     order by ${a.xid}, ${a.id}
     limit ${AUDIT_BATCH}`);
  return rowsOf<AuditRow>(result).map((r) => ({ ...r, id: Number(r.id) }));
}
