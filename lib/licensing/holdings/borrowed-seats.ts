import { sql, type SQL } from "drizzle-orm";
import { licensePools, sessions } from "@/db/schema";
import type { ColumnsOf } from "@/db/sql";

// Borrowed seats of a concurrent pool (rule 25), written once. A borrowed session keeps its seats
// in `sessions_held` (it still counts) and also in `borrowed_held`, and its `expires_at` is the
// borrow's end (`sessions.borrowed_until`), so the read-time rule of a missed heartbeat frees it
// exactly when the borrow runs out. At most `borrow_percent` % of the capacity is borrowed at once.

/** The most seats of pool row `p` that may be borrowed at once (integer division rounds down). */
export const borrowLimitSql = (p: ColumnsOf<typeof licensePools, "capacity" | "borrowPercent"> = licensePools): SQL =>
  sql`(${p.capacity} * ${p.borrowPercent} / 100)`;

/** The same in TypeScript, for sentences and the console. */
export const borrowLimit = (pool: { capacity: number; borrowPercent: number }) =>
  Math.floor((pool.capacity * pool.borrowPercent) / 100);

/** A session is borrowed and the borrow still runs at `at` (over `sessions` or an alias of it). */
export function sessionBorrowedAt(
  t: ColumnsOf<typeof sessions, "endedAt" | "borrowedUntil" | "expiresAt"> = sessions,
  at: SQL = sql`now()`,
): SQL {
  return sql`(${t.endedAt} is null and ${t.borrowedUntil} is not null and ${t.expiresAt} > ${at})`;
}
