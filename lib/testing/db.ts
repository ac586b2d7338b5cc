import fs from "node:fs";
import { inject } from "vitest";
import { closeDb, getDb, openMemoryDb, type Database } from "@/db/client";

let current: Promise<Database> | undefined;

/**
 * The database a test file talks to: PostgreSQL when DATABASE_URL is set (migrated by the global
 * setup), otherwise a fresh in-memory PGlite per test file, loaded from the migrated snapshot the
 * global setup made. Both are real databases.
 */
export function testDb(): Promise<Database> {
  current ??= (async () => {
    if (process.env.DATABASE_URL) return getDb();
    const { db } = openMemoryDb(new Blob([fs.readFileSync(inject("pgliteSnapshot"))]));
    return db;
  })();
  return current;
}

/**
 * Ends a test file's embedded database (lib/testing/per-file.ts, after each file). Test files share
 * their worker's modules (Vitest's `isolate: false`), so without this the next file would get this
 * one's database. On PostgreSQL every file shares the one database and its pool.
 */
export async function releaseTestDb() {
  if (!current || process.env.DATABASE_URL) return;
  current = undefined;
  await closeDb();
}

export const onPostgres = () => Boolean(process.env.DATABASE_URL);

/** A suffix that keeps names unique across parallel test files and runs. */
export function unique(prefix = "t") {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
