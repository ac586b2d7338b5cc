import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";

/** A row is rewritten only when the use it records is this much newer: at most one write an hour. */
export const LAST_USE_STEP = "1 hour";

/**
 * Records when each user last used each module, from what the hot paths already write: live
 * sessions' last heartbeat (open counts as the first) and live activations' last refresh. One
 * set-based statement run by the job leader every minute; a client request writes nothing more.
 * A session opened and closed between two runs is not seen (its open stays in the audit log).
 */
export async function recordLastUse(db: Database): Promise<{ written: number }> {
  const result = await db.execute(sql`
    insert into user_module_last_use (user_id, module_id, organization_id, last_used_at)
    select used.user_id, used.module_id, used.organization_id, max(used.at)
      from (
        select s.user_id, p.module_id, s.organization_id, s.last_heartbeat_at as at
          from sessions s join license_pools p on p.id = s.pool_id
         where s.ended_at is null and s.user_id is not null
        union all
        select d.user_id, p.module_id, d.organization_id, d.last_refreshed_at as at
          from device_activations d join license_pools p on p.id = d.pool_id
         where d.ended_at is null and d.user_id is not null
      ) used
     group by used.user_id, used.module_id, used.organization_id
    on conflict (user_id, module_id) do update set last_used_at = excluded.last_used_at
     where user_module_last_use.last_used_at <= excluded.last_used_at - ${LAST_USE_STEP}::interval
    returning user_id`);
  return { written: rowsOf(result).length };
}
