// `npm run seatkeeper -- …`: console accounts and operator tokens from the command line (SPEC §4).
import { getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { runCli } from "@/lib/cli/commands";
import { runScript } from "@/lib/cli/run";

void runScript(() =>
  runCli(process.argv.slice(2), {
    openDb: async () => {
      await migrateDatabase();
      return getDb();
    },
    io: { out: (line) => console.log(line), err: (line) => console.error(line) },
  }),
);
