import { closeDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

/** On PostgreSQL the suite shares one database: migrate it once. PGlite files migrate their own. */
export async function setup() {
  if (!process.env.DATABASE_URL) return;
  await migrateDatabase();
  await closeDb();
}
