import "server-only";
import { sql } from "drizzle-orm";
import { licensePools, modules, profileModules, users } from "@/db/schema";
import { rowsOf, type Executor } from "@/db/client";

/**
 * The modules a device may use under a contract, for the `entitlements` claim
 * of its lease tokens: the contract's licensed modules, and with a named user only those the
 * user's profile grants (rule 9). Sorted, so a token says the same for the same grants.
 */
export async function leaseEntitlements(ex: Executor, contractId: string, userId: string | null): Promise<string[]> {
  const granted = userId
    ? sql`and exists (select 1 from ${users} join ${profileModules} on ${profileModules.profileId} = ${users.profileId}
                       where ${users.id} = ${userId}::uuid and ${profileModules.moduleId} = ${licensePools.moduleId})`
    : sql``;
  const result = await ex.execute(sql`
    select ${modules.key} as key from ${licensePools} join ${modules} on ${modules.id} = ${licensePools.moduleId}
     where ${licensePools.contractId} = ${contractId}::uuid ${granted}
     order by ${modules.key}`);
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}
