import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { userModuleLastUse } from "@/db/schema";

/** A user's last use of any module (null: never seen), as a column of a query over users. */
export const lastUsedAtOf = (userId: AnyColumn): SQL.Aliased<Date | null> =>
  sql<Date | null>`(select max(${userModuleLastUse.lastUsedAt}) from ${userModuleLastUse} where ${userModuleLastUse.userId} = ${userId})`
    .mapWith((v: Date | string | null) => (v === null ? null : new Date(v)))
    .as("last_used_at");

/**
 * The user has used no module (or, given one, that module: its id as a column or SQL) since
 * `since`, never-seen users included.
 */
export const unusedSince = (userId: AnyColumn, since: Date, moduleId?: AnyColumn | SQL): SQL =>
  sql`not exists (select 1 from ${userModuleLastUse} where ${userModuleLastUse.userId} = ${userId} and ${userModuleLastUse.lastUsedAt} >= ${since.toISOString()}::timestamptz${moduleId ? sql` and ${userModuleLastUse.moduleId} = ${moduleId}` : sql``})`;
