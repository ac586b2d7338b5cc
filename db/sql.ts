import { sql, type AnyColumn, type Column, type SQL } from "drizzle-orm";

// Raw statements name their tables and columns through the drizzle objects of schema.ts
// (`${licensePools.sessionsHeld}` renders `"license_pools"."sessions_held"`, an alias's column
// `"p"."sessions_held"`), so a renamed or removed column fails to compile instead of failing at
// run time. PostgreSQL refuses a qualified name in two places, an INSERT's column list and the
// target of UPDATE … SET; these give the bare name there, still read from the column object.

/** A column's bare name: the target of `UPDATE … SET`, or a CTE's column read outside it. */
export const bare = (column: Column): SQL => sql`${sql.identifier(column.name)}`;

/** An INSERT's column list, `("a", "b", …)`. */
export const columnList = (...columns: Column[]): SQL => sql`(${sql.join(columns.map(bare), sql`, `)})`;

/**
 * Some columns of a table or of any alias of it (`alias(sessions, "s")`), for a condition written
 * once and used over either: `ColumnsOf<typeof sessions, "endedAt" | "expiresAt">`.
 */
export type ColumnsOf<T, K extends keyof T> = { [P in K]: AnyColumn };

/** A column of the row an upsert proposed: `excluded."col"` (PostgreSQL's name for that row). */
export const excluded = (column: Column): SQL => sql`excluded.${bare(column)}`;
