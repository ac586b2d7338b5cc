// `npm run db:seed`: loads the demo on demand (after pending migrations), once: when its
// organizations already exist it says so and changes nothing.
import { getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { existingDemoOrganizations, seedDemo } from "@/lib/demo/seed";
import { runScript } from "@/lib/cli/run";
import { env } from "@/lib/env";
import { printSignIns } from "@/lib/runtime/banner";

void runScript(async () => {
  const config = env();
  await migrateDatabase();
  const db = getDb();
  const where = config.usesEmbeddedDatabase ? `the embedded database in ${config.dataDir}` : "PostgreSQL";
  console.log(`Loading the demo into ${where}…`);
  const loaded = await seedDemo(db);
  if (loaded) {
    printSignIns(loaded);
  } else {
    const names = await existingDemoOrganizations(db);
    console.log(`The demo organizations already exist in ${where} (${names.join(", ")}); nothing changed.`);
  }
});
