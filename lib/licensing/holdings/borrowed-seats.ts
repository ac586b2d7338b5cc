import { sql, type SQL } from "drizzle-orm";

// Borrowed seats of a concurrent pool (rule 25), written once. A borrowed session keeps its seats
// in `sessions_held` (it still counts) and also in `borrowed_held`, and its `expires_at` is the
// borrow's end (`sessions.borrowed_until`), so the read-time rule of a missed heartbeat frees it
// exactly when the borrow runs out. At most `borrow_percent` % of the capacity is borrowed at once.

/** The most seats of pool row `p` that may be borrowed at once (integer division rounds down). */
export const borrowLimitSql = (p = "license_pools"): SQL => {
  const t = sql.raw(p);
  return sql`(${t}.capacity * ${t}.borrow_percent / 100)`;
};

/** The same in TypeScript, for sentences and the console. */
export const borrowLimit = (pool: { capacity: number; borrowPercent: number }) =>
  Math.floor((pool.capacity * pool.borrowPercent) / 100);

/** A session is borrowed and the borrow still runs at `at` (over `sessions` or the alias given). */
export function sessionBorrowedAt(alias = "sessions", at: SQL = sql`now()`): SQL {
  const t = sql.raw(alias);
  return sql`(${t}.ended_at is null and ${t}.borrowed_until is not null and ${t}.expires_at > ${at})`;
}
