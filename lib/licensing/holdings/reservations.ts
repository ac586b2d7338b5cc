import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { licensePools, sessions } from "@/db/schema";
import type { ColumnsOf } from "@/db/sql";

// Reservations and caps of a concurrent pool (rule 25), written once. `license_pools.reservations`
// lists [{profileId, reserved, max}]; while it is set, `license_pools.reserved_held` keeps the
// seats held per profile the sessions opened under (sessions.reserved_profile_id). A member of
// profile P may take w seats when the pool's seats held + w + the unused reservations of the
// OTHER profiles stay within the limit, and P's held + w stays within P's max. Everything reads
// the pool row only, so the take stays one conditional UPDATE: at READ COMMITTED PostgreSQL
// re-evaluates the whole WHERE (these correlated subqueries included) on the newest row version
// after waiting for a racing writer, and the counters can never pass a reservation or a cap.

// `r` is this module's name for a reservations list read as rows; its fields are the JSON's keys.
const held = (profile: SQL, t: ReservationColumns = licensePools) =>
  sql`coalesce((${t.reservedHeld} ->> (${profile})::text)::int, 0)`;
const listed = sql`jsonb_to_recordset(${licensePools.reservations}) as r("profileId" text, reserved int, max int)`;

type ReservationColumns = ColumnsOf<typeof licensePools, "reservations" | "reservedHeld">;

/** Seats reserved for profiles other than `profileId` and not used by them (0 without reservations). */
export function unusedReservedForOthersSql(profileId: string | null): SQL {
  return sql`coalesce((select sum(greatest(r.reserved - ${held(sql`r."profileId"`)}, 0)) from ${listed} where r."profileId" is distinct from ${profileId}::text), 0)`;
}

/** `profileId`'s members may take `weight` more seats under its cap (true without one). */
export function withinProfileMaxSql(profileId: string | null, weight: number): SQL {
  return sql`not exists (select 1 from ${listed} where r."profileId" = ${profileId}::text and r.max is not null and ${held(sql`r."profileId"`)} + ${weight}::int > r.max)`;
}

/** The new reserved_held of a take of `weight` seats by a member of `profileId`. */
export function reservedHeldAfterTakeSql(profileId: string | null, weight: number): SQL {
  return sql`case when ${licensePools.reservations} is null or ${profileId}::text is null then ${licensePools.reservedHeld}
    else jsonb_set(${licensePools.reservedHeld}, array[${profileId}::text], to_jsonb(${held(sql`${profileId}::text`)} + ${weight}::int)) end`;
}

/** The pool rows a release updates, as `p` (session-release.ts). */
export const releasingPool = alias(licensePools, "p");

/**
 * The new reserved_held of pool row `p` after sessions of `freed` (a row with `by_profile`:
 * profileId → seats) ended. Nothing to do while the pool has no reservations.
 */
export const reservedHeldAfterReleaseSql: SQL = sql`case when ${releasingPool.reservations} is null or freed.by_profile is null then ${releasingPool.reservedHeld}
  else ${releasingPool.reservedHeld} || (select jsonb_object_agg(f.key, ${held(sql`f.key`, releasingPool)} - f.value::int) from jsonb_each_text(freed.by_profile) f) end`;

const rs = alias(sessions, "s");

/** reserved_held recomputed from the live sessions of one pool (setting reservations, under the pool lock). */
export function reservedHeldOfPoolSql(poolId: string): SQL {
  return sql`coalesce((select jsonb_object_agg(x.profile, x.seats) from (
    select ${rs.reservedProfileId}::text as profile, sum(${rs.seatsHeld})::int as seats from ${sessions} ${rs}
     where ${rs.poolId} = ${poolId} and ${rs.endedAt} is null and ${rs.reservedProfileId} is not null
     group by ${rs.reservedProfileId}) x), '{}'::jsonb)`;
}
