import "server-only";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import { env } from "@/lib/env";
import { getDb, type Database } from "./client";
import { refoldUsernameKeys } from "./username-keys";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Applies pending drizzle-kit migrations to the configured database. */
export async function migrateDatabase() {
  const url = env().DATABASE_URL;
  if (!url) return migrateEmbedded(getDb());
  // One dedicated connection: the advisory lock keeps several instances starting at once from
  // applying the same migration twice, and a session lock must be released on its own connection.
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzle({ client });
    await db.execute(sql`select pg_advisory_lock(727001)`);
    await migratePostgres(db, { migrationsFolder });
    await refoldUsernameKeys(db);
    await db.execute(sql`select pg_advisory_unlock(727001)`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function migrateEmbedded(db: Database) {
  await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  await refoldUsernameKeys(db);
}
