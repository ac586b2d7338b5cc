import "server-only";
import { sql } from "drizzle-orm";
import { denials, modules } from "@/db/schema";
import { rowsOf, type Tx } from "@/db/client";
import type { Draft } from "./draft";

/** One event per organization, pool and closed minute, with the refusals counted by code. */
export async function denialSummaries(tx: Tx, from: Date, until: Date): Promise<Draft[]> {
  const rows = rowsOf<{
    organizationId: string;
    poolId: string | null;
    contractId: string | null;
    module: string | null;
    minute: Date | string;
    code: string;
    count: number;
  }>(
    await tx.execute(sql`
      select ${denials.organizationId} as "organizationId", ${denials.poolId} as "poolId", ${denials.contractId} as "contractId",
             ${modules.key} as module, date_trunc('minute', ${denials.createdAt}) as minute, ${denials.code} as code, count(*)::int as count
        from ${denials} left join ${modules} on ${modules.id} = ${denials.moduleId}
       where ${denials.createdAt} >= ${from.toISOString()}::timestamptz and ${denials.createdAt} < ${until.toISOString()}::timestamptz
       group by 1, 2, 3, 4, 5, 6
       order by 5, 1, 2, 6`),
  );
  const byKey = new Map<string, Draft>();
  for (const r of rows) {
    const minute = new Date(r.minute);
    const key = `${r.organizationId}:${r.poolId ?? "none"}:${minute.toISOString()}`;
    let draft = byKey.get(key);
    if (!draft) {
      draft = {
        type: "denials.summary",
        organizationId: r.organizationId,
        occurredAt: minute,
        source: `denials:${key}`,
        data: {
          poolId: r.poolId,
          contractId: r.contractId,
          module: r.module,
          minute: minute.toISOString(),
          total: 0,
          byCode: {} as Record<string, number>,
        },
      };
      byKey.set(key, draft);
    }
    (draft.data.byCode as Record<string, number>)[r.code] = Number(r.count);
    draft.data.total = (draft.data.total as number) + Number(r.count);
  }
  return [...byKey.values()];
}
