// The one process that serves the console and both APIs. It validates the environment,
// migrates the database, loads the demo on a new embedded database, then hands requests to
// Next.js. The embedded database lives in this process only.
import { createServer } from "node:http";
import { closeDb, getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemoIfEmpty } from "@/db/seed";
import { env, EnvError } from "@/lib/env";
import { loadDotEnv } from "@/lib/runtime/dotenv";
import { assertProductionSecrets, authSecret } from "@/lib/runtime/secrets";
import { printSignIns } from "@/lib/runtime/banner";
import { startBackgroundJobs } from "@/lib/runtime/jobs";

const dev = process.argv.includes("--dev");
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";

async function main() {
  loadDotEnv();
  const config = env();
  assertProductionSecrets();
  process.env.AUTH_SECRET = authSecret();
  await migrateDatabase();
  if (config.usesEmbeddedDatabase) {
    const signIns = await seedDemoIfEmpty(getDb());
    if (signIns) printSignIns(signIns);
  }

  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), port: config.PORT, hostname: "0.0.0.0" });
  const handle = app.getRequestHandler();
  await app.prepare();

  const stopJobs = startBackgroundJobs(getDb());
  const server = createServer((req, res) => void handle(req, res));
  server.listen(config.PORT, () => {
    console.log(`Seatkeeper is ready on http://localhost:${config.PORT} (${config.usesEmbeddedDatabase ? `embedded database in ${config.dataDir}` : "PostgreSQL"})`);
  });

  const stop = () => {
    stopJobs();
    server.close();
    void closeDb().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof EnvError || (e instanceof Error && e.name === "DataFolderBusyError") ? e.message : e);
  process.exit(1);
});
