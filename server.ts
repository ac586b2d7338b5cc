// The one process that serves the console and both APIs. It validates the environment,
// migrates the database, loads the demo on a new embedded database, then hands requests to
// Next.js. The embedded database lives in this process only. `--api-only` serves /api/v1 and
// /api/health without Next.js (no build needed): the multi-instance tests run it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeDb, getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { existingDemoOrganizations, seedDemoIfEmpty } from "@/lib/demo/seed";
import { demoAccounts } from "@/lib/runtime/demo-data";
import { env, EnvError } from "@/lib/env";
import { apiListener, isApiRequest } from "@/lib/api/node";
import { isScimRequest, scimListener } from "@/lib/scim/node";
import { dropUntrustedForwarding, PEER_ADDRESS_HEADER } from "@/lib/http/client-address";
import { loadDotEnv } from "@/lib/runtime/dotenv";
import { assertProductionSecrets, authSecret } from "@/lib/runtime/secrets";
import { printReady, printSignIns } from "@/lib/runtime/banner";
import { startInstanceRuntime } from "@/lib/runtime/instance";
import { log, redactQueryErrors } from "@/lib/runtime/log";
import { drainOnSignals } from "@/lib/runtime/shutdown";

const dev = process.argv.includes("--dev");
const apiOnly = process.argv.includes("--api-only");
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function main() {
  redactQueryErrors();
  loadDotEnv();
  const config = env();
  assertProductionSecrets();
  process.env.AUTH_SECRET = authSecret();
  console.log(
    config.usesEmbeddedDatabase
      ? `Opening the embedded database in ${config.dataDir} and applying its migrations…`
      : "Applying the database's migrations…",
  );
  await migrateDatabase();
  let hasDemo = false;
  if (config.usesEmbeddedDatabase) {
    console.log("Loading the demo if this database is new (the first start takes a little while)…");
    const signIns = await seedDemoIfEmpty(getDb());
    if (signIns) printSignIns(signIns);
    hasDemo = (await existingDemoOrganizations(getDb())).length > 0;
  }
  if (!apiOnly) console.log("Starting the console…");

  const handle = apiOnly ? notFound : await withNext(config.PORT);
  const runtime = await startInstanceRuntime();
  // /api/v1 and /api/health go straight to the API's route table on Hono (lib/api), /scim/v2 to the
  // SCIM service (lib/scim); the rest to Next.js.
  const api = apiListener();
  const scim = scimListener();
  const server = createServer((req, res) => {
    if (!admit(req, res)) return;
    dropUntrustedForwarding(req.headers, config.SEATKEEPER_TRUST_PROXY);
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    if (isApiRequest(req.url)) void api(req, res);
    else if (isScimRequest(req.url)) void scim(req, res);
    else void handle(req, res);
  });
  const admit = drainOnSignals(server, async () => {
    await runtime.stop();
    await closeDb();
  });
  // Licensed applications and proxies keep connections open between calls: a short idle timeout
  // races their next request (the socket closes under it), so keep-alive outlasts common proxies' 60 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(config.PORT, () => {
    log.info(
      { port: config.PORT, database: config.usesEmbeddedDatabase ? "embedded" : "postgres", pid: process.pid },
      `Seatkeeper is ready on http://localhost:${config.PORT} (${config.usesEmbeddedDatabase ? `embedded database in ${config.dataDir}` : "PostgreSQL"})`,
    );
    printReady(`http://localhost:${config.PORT}`, hasDemo ? demoAccounts : []);
  });
}

async function withNext(port: number): Promise<Handle> {
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), port, hostname: "0.0.0.0" });
  const handle = app.getRequestHandler();
  await app.prepare();
  return (req, res) => handle(req, res);
}

/** Without Next.js (`--api-only`), anything but the API is not found. */
const notFound: Handle = async (_req, res) => {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Only the API is served here." } }));
};

main().catch((e: unknown) => {
  console.error(e instanceof EnvError || (e instanceof Error && e.name === "DataFolderBusyError") ? e.message : e);
  process.exit(1);
});
