import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { modules, profileModules, sessions, users } from "@/db/schema";
import { profileGrantsModule, seatGrantedAtSql, userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { poolUsages } from "@/lib/licensing/usage";

// Rule 5: an over-limit pool names who is over. The holders beyond the limit are the most
// recently granted ones: on a named pool the users whose seat was granted last (the later of
// users.seat_granted_at and profile_modules.granted_at, set by the statements that grant), on a
// concurrent pool the newest live sessions, as many as cover what the pool is over. Written once
// here as SQL, so the dashboard's names, the users page's badge and filter and the profiles page
// all read the same rows.

export type OverHolder = { id: string; label: string };

export type OverPool = {
  organizationId: string;
  module: string;
  moduleName: string;
  poolId: string;
  model: "named" | "concurrent";
  inUse: number;
  limit: number;
};

/** How many of the holders beyond a limit are named where a page lists them; the users filter lists all. */
export const OVER_HOLDERS_SHOWN = 20;

/** How many seats (or session weights) the pool holds beyond its limit; 0 when within it. */
export const overBy = (p: Pick<OverPool, "inUse" | "limit">) => Math.max(0, p.inUse - p.limit);

/**
 * The holders beyond the limit as a query of (id, user_id, label, profile_id, place), place 1 the most
 * recent.
 * `id` is the user on a named pool and the session on a concurrent one; `user_id` is null for an
 * anonymous session.
 */
function beyondLimitSql(pool: Omit<OverPool, "inUse" | "limit" | "moduleName">, over: number): SQL {
  if (pool.model === "named")
    // The newest `over` first (a top-N sort), then numbered: numbering every holder would sort them all.
    return sql`select id, user_id, label, profile_id,
        row_number() over (order by granted desc, id desc) as place
      from (
        select ${users.id} as id, ${users.id} as user_id, ${users.username} as label,
          ${users.profileId} as profile_id, ${seatGrantedAtSql} as granted
        from ${users}
        join ${profileModules} on ${profileGrantsModule}
        join ${modules} on ${modules.id} = ${profileModules.moduleId} and ${modules.key} = ${pool.module}
        where ${users.organizationId} = ${pool.organizationId} and ${userMayHoldSeat}
        order by granted desc, id desc
        limit ${over}
      ) newest`;
  // Sessions hold their weight each; the newest ones until their weights cover what is over. Each
  // holds at least one seat, so the newest `over` sessions are enough to choose from.
  return sql`select id, user_id, label, null::uuid as profile_id, place from (
      select id, user_id, label, place, sum(held) over (order by place) - held as covered
      from (
        select ${sessions.id} as id, ${sessions.userId} as user_id,
          coalesce(${users.username}, ${sessions.deviceId}) as label, ${sessions.seatsHeld} as held,
          row_number() over (order by ${sessions.startedAt} desc, ${sessions.id} desc) as place
        from ${sessions}
        left join ${users} on ${users.id} = ${sessions.userId}
        where ${sessions.poolId} = ${pool.poolId} and ${sessionIsLive} and ${sessions.seatsHeld} > 0
        order by ${sessions.startedAt} desc, ${sessions.id} desc
        limit ${over}
      ) newest
    ) running
    where covered < ${over}`;
}

/** The holders beyond the limit of one pool, most recently granted first; at most `show` of them. */
export async function holdersBeyondLimit(
  db: Database,
  pool: Omit<OverPool, "inUse" | "limit" | "moduleName">,
  over: number,
  show = over,
): Promise<OverHolder[]> {
  if (over <= 0 || show <= 0) return [];
  const rows = rowsOf<{ id: string; label: string }>(
    await db.execute(sql`select id, label from (${beyondLimitSql(pool, over)}) beyond order by place limit ${show}`),
  );
  return rows.map((r) => ({ id: r.id, label: r.label }));
}

/**
 * The users beyond the limit of one named pool per profile, most recently granted first: at most
 * `show` of each profile's members, as a map profileId → holders.
 */
export async function holdersBeyondLimitByProfile(
  db: Database,
  pool: Omit<OverPool, "inUse" | "limit" | "moduleName">,
  over: number,
  show: number,
): Promise<Map<string, OverHolder[]>> {
  const byProfile = new Map<string, OverHolder[]>();
  if (over <= 0 || show <= 0 || pool.model !== "named") return byProfile;
  const rows = rowsOf<{ profile_id: string; id: string; label: string }>(
    await db.execute(sql`select profile_id, id, label from (
        select b.*, row_number() over (partition by profile_id order by place) as nth
        from (${beyondLimitSql(pool, over)}) b
      ) ranked where nth <= ${show} order by place`),
  );
  for (const r of rows)
    byProfile.set(r.profile_id, [...(byProfile.get(r.profile_id) ?? []), { id: r.id, label: r.label }]);
  return byProfile;
}

/** The organization's pools in force holding more than their limit (seats or session weights). */
export async function overLimitPools(db: Database, organizationId: string): Promise<OverPool[]> {
  const usages = await poolUsages(db, { organizationId });
  return usages
    .filter((p) => p.contractStatus === "active" && p.inUse > p.limit)
    .map((p) => ({
      organizationId: p.organizationId,
      module: p.module,
      moduleName: p.moduleName,
      poolId: p.poolId,
      model: p.model,
      inUse: p.inUse,
      limit: p.limit,
    }));
}

/**
 * The users beyond the limit of any of these pools, each with the modules they are over in: one
 * read of the holders beyond each limit, so a page filters and badges by the same set.
 */
export async function overLimitUsers(db: Database, pools: OverPool[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (pools.length === 0) return byUser;
  const rows = rowsOf<{ user_id: string; pool: number | string }>(
    await db.execute(
      sql.join(
        pools.map(
          (p, i) =>
            sql`(select distinct user_id, ${i}::int as pool from (${beyondLimitSql(p, overBy(p))}) b where user_id is not null)`,
        ),
        sql` union all `,
      ),
    ),
  );
  for (const r of rows) {
    const name = pools[Number(r.pool)]!.moduleName;
    const list = byUser.get(r.user_id) ?? [];
    if (!list.includes(name)) list.push(name);
    byUser.set(r.user_id, list);
  }
  return byUser;
}

/** A condition over `users`: the user is one of these (one array parameter, however many). */
export function userIdAmong(ids: Iterable<string>): SQL {
  const list = [...ids];
  return list.length ? sql`${users.id} = any(${`{${list.join(",")}}`}::uuid[])` : sql`false`;
}
