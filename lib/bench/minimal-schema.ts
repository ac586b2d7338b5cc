import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

// The least work any exact open + close must do, as pgbench's yardstick beside the API: one pool
// table whose counter a CHECK keeps within its capacity, one session table with one index (its
// primary key); no foreign keys, tenancy, audit or reports. The naive pair on the real schema pays
// for the real schema's indexes too, so it is slower than what the work itself needs; this is not.

/** The schema the bench creates in its own database for the step, and drops after it. */
export const MINIMAL_SCHEMA = "bench_minimal";
const CAPACITY = 1_000_000;

const checked = (schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a plain schema name: ${schema}`);
  return schema;
};

/** (Re)creates the minimal schema with pools 1 … `pools`, each with room for every pair pgbench runs. */
export async function createMinimalSchema(db: Database, pools: number, schema = MINIMAL_SCHEMA) {
  const s = sql.identifier(checked(schema));
  await db.execute(sql`drop schema if exists ${s} cascade`);
  await db.execute(sql`create schema ${s}`);
  await db.execute(
    sql`create table ${s}.pools (id integer primary key, capacity integer not null, in_use integer not null default 0, check (in_use between 0 and capacity))`,
  );
  await db.execute(
    sql`create table ${s}.sessions (id bigint generated always as identity primary key, pool_id integer not null, opened_at timestamptz not null, ended_at timestamptz)`,
  );
  await db.execute(
    sql`insert into ${s}.pools (id, capacity) select g, ${CAPACITY}::int from generate_series(1, ${pools}::int) g`,
  );
}

export async function dropMinimalSchema(db: Database, schema = MINIMAL_SCHEMA) {
  await db.execute(sql`drop schema if exists ${sql.identifier(checked(schema))} cascade`);
}

/**
 * pgbench's naive open + close pair on the minimal schema, over pools 1 … `pools` (one at random
 * per pair): the conditional take and the session row, then the session's end and the release,
 * each in its own transaction, as the real schema's pair (pgbench.ts) does.
 */
export function minimalOpenCloseScript(pools: number, schema = MINIMAL_SCHEMA): string {
  const s = checked(schema);
  if (!Number.isInteger(pools) || pools < 1) throw new Error(`Not a number of pools: ${pools}`);
  return `\\set pool random(1, ${pools})
BEGIN;
UPDATE ${s}.pools SET in_use = in_use + 1 WHERE id = :pool AND in_use + 1 <= capacity RETURNING in_use;
INSERT INTO ${s}.sessions (pool_id, opened_at) VALUES (:pool, clock_timestamp()) RETURNING id AS session \\gset
COMMIT;
BEGIN;
UPDATE ${s}.sessions SET ended_at = clock_timestamp() WHERE id = :session AND ended_at IS NULL;
UPDATE ${s}.pools SET in_use = in_use - 1 WHERE id = :pool;
COMMIT;
`;
}
