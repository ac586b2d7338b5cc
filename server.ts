// The one process that serves the console and both APIs. It validates the environment,
// migrates the database, loads the demo on a new embedded database, then hands requests to
// Next.js. The embedded database lives in this process only.
import { createServer } from "node:http";
import { closeDb, getDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemoIfEmpty } from "@/db/seed";
import { env, EnvError } from "@/lib/env";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-address";
import { serveApi } from "@/lib/http/lean-api";
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
  // /api/v1 goes straight to its route handlers (lib/http/lean-api.ts); everything else to Next.js.
  const server = createServer((req, res) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    const api = req.url?.startsWith("/api/v1/") ? serveApi(req, res) : Promise.resolve(false);
    api.then(
      (served) => (served ? undefined : handle(req, res)),
      (e: unknown) => {
        console.error("API request failed", req.method, req.url, e);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: {
              code: "INTERNAL",
              message: "Something went wrong on our side; nothing was changed. Please try again.",
            },
          }),
        );
      },
    );
  });
  // Licensed applications and proxies keep connections open between calls: a short idle timeout
  // races their next request (the socket closes under it), so keep-alive outlasts common proxies' 60 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(config.PORT, () => {
    console.log(
      `Seatkeeper is ready on http://localhost:${config.PORT} (${config.usesEmbeddedDatabase ? `embedded database in ${config.dataDir}` : "PostgreSQL"})`,
    );
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
