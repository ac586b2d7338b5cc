import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";

/**
 * The modules a device may use under a contract, for the `entitlements` claim
 * of its lease tokens: the contract's licensed modules, and with a named user only those the
 * user's profile grants (rule 9). Sorted, so a token says the same for the same grants.
 */
export async function leaseEntitlements(ex: Executor, contractId: string, userId: string | null): Promise<string[]> {
  const granted = userId
    ? sql`and exists (select 1 from users u join profile_modules pm on pm.profile_id = u.profile_id
                       where u.id = ${userId}::uuid and pm.module_id = p.module_id)`
    : sql``;
  const result = await ex.execute(sql`
    select m.key from license_pools p join modules m on m.id = p.module_id
     where p.contract_id = ${contractId}::uuid ${granted}
     order by m.key`);
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}
