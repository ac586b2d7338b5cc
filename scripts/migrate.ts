// `npm run db:migrate`: applies pending drizzle-kit migrations to PostgreSQL (DATABASE_URL) or to
// the embedded database.
import { migrateDatabase } from "@/db/migrate";
import { runScript } from "@/lib/cli/run";
import { env } from "@/lib/env";

void runScript(async () => {
  const config = env();
  await migrateDatabase();
  console.log(
    `Migrations applied to ${config.usesEmbeddedDatabase ? `the embedded database in ${config.dataDir}` : "PostgreSQL"}.`,
  );
});
