import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { apiConnectUsage, licensePools } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ClientPool } from "../client-pool";
import { refusal, type DenialContext } from "../denials";
import { apiConnectLimit, apiConnectLimitSql, apiPeriod } from "../holdings/api-connects";

/** Takes one API connect of this month's quota (rule 12) with a conditional upsert. */
export async function takeApiConnect(tx: Executor, target: ClientPool, denial: DenialContext) {
  const { periodStart, resetsAt } = apiPeriod();
  const limit = apiConnectLimit(target.pool);
  // A capacity decrease holds the pool row FOR UPDATE while it checks and commits the new quota
  // (rule 19): wait for it, so the conditional upsert below reads the quota that committed.
  await tx.execute(sql`select 1 from ${licensePools} where ${licensePools.id} = ${target.pool.id} for key share`);
  const taken =
    limit < 1
      ? []
      : await tx
          .insert(apiConnectUsage)
          .values({ organizationId: target.pool.organizationId, poolId: target.pool.id, period: periodStart, used: 1 })
          .onConflictDoUpdate({
            target: [apiConnectUsage.poolId, apiConnectUsage.period],
            set: { used: sql`${apiConnectUsage.used} + 1` },
            setWhere: sql`${apiConnectUsage.used} < (select ${apiConnectLimitSql} from ${licensePools} where ${licensePools.id} = ${target.pool.id})`,
          })
          .returning({ used: apiConnectUsage.used });
  if (taken.length) return;
  const [row] = await tx
    .select({ used: apiConnectUsage.used, limit: sql<number>`${apiConnectLimitSql}` })
    .from(licensePools)
    .leftJoin(
      apiConnectUsage,
      and(eq(apiConnectUsage.poolId, licensePools.id), eq(apiConnectUsage.period, periodStart)),
    )
    .where(eq(licensePools.id, target.pool.id));
  const used = Number(row?.used ?? 0);
  const quota = Number(row?.limit ?? limit);
  throw refusal(
    "API_QUOTA_EXHAUSTED",
    `This month's ${quota} API connects for ${target.moduleName} are used up; the quota resets on ${resetsAt.slice(0, 10)}.`,
    { limit: quota, used, resetsAt },
    denial,
  );
}
