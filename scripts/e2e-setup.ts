// The end-to-end server's set-up (scripts/e2e-server.sh) in one process instead of three cold
// starts: the demo (as `npm run db:seed`), an operator token for the management-API specs
// (e2e/api), its secret written to "$SEATKEEPER_E2E_DATA_DIR/operator-token", and a console account
// of its own for the "sign out everywhere" spec (e2e/fixtures.ts). The token and the account go
// through the command line's own commands (`npm run seatkeeper -- …`), as before.
import fs from "node:fs";
import path from "node:path";
import { getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/lib/demo/seed";
import { runCli } from "@/lib/cli/commands";
import { runScript } from "@/lib/cli/run";
import { printSignIns } from "@/lib/runtime/banner";

void runScript(async () => {
  const folder = process.env.SEATKEEPER_E2E_DATA_DIR;
  if (!folder) throw new Error("SEATKEEPER_E2E_DATA_DIR must name the folder for this run's files.");
  await migrateDatabase();
  const db = getDb();
  const loaded = await seedDemo(db);
  if (loaded) printSignIns(loaded);

  const lines: string[] = [];
  const cli = (argv: string[]) =>
    runCli(argv, {
      openDb: async () => db,
      io: { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    });

  // The command prints the secret alone on its last line (SPEC §4).
  if ((await cli(["token", "create", "--name", `e2e-${Date.now()}`])) !== 0) throw new Error(lines.join("\n"));
  const secret = lines.at(-1) ?? "";
  if (!secret.startsWith("sk_op_")) throw new Error("token create did not print an operator token on its last line.");
  fs.writeFileSync(path.join(folder, "operator-token"), `${secret}\n`, { mode: 0o600 });

  // On a reused PostgreSQL database the account already exists, which is fine.
  await cli([
    "account",
    "create",
    "--email",
    "everywhere@e2e.test",
    "--password",
    "quiet-harbour-lantern-41",
    "--role",
    "support",
  ]);
});
