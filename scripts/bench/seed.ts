// `npm run bench:seed`: the console-scale organization on PostgreSQL (SPEC §7), set-based and fast.
// Reuses it when it exists; `--fresh` writes it again; `--users N` seeds another size.
import { parseArgs } from "node:util";
import { databaseKind, getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { FULL_SCALE, seedScaleOrganization } from "@/lib/bench/seed";
import { runScript } from "@/lib/cli/run";

void runScript(async () => {
  const { values } = parseArgs({ options: { users: { type: "string" }, fresh: { type: "boolean" } } });
  const users = values.users === undefined ? FULL_SCALE.users : Number(values.users);
  if (!Number.isInteger(users) || users < 1 || users > 1_000_000) {
    console.error("--users must be a whole number between 1 and 1000000.");
    return 2;
  }
  if (!process.env.DATABASE_URL) {
    console.error(
      "bench:seed writes console-scale data to PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/sk_bench).",
    );
    return 2;
  }
  await migrateDatabase();
  const db = getDb();
  console.log(`Seeding ${users.toLocaleString("en")} users on ${databaseKind()}…`);
  const org = await seedScaleOrganization(db, { ...FULL_SCALE, users }, values.fresh ?? false);
  console.log(
    org.created
      ? `Seeded organization ${org.organizationId} (${org.siteId}) in ${org.seconds} s.`
      : `Organization ${org.organizationId} (${org.siteId}) already exists; pass --fresh to write it again.`,
  );
});
