import type { Server } from "node:http";
import { log } from "./log";

/** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
export const DRAIN_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish (at most
 * DRAIN_MS), close keep-alive connections as they fall idle, then `release` (hand job leadership
 * over, close the pool) and exit.
 */
export function drainOnSignals(server: Server, release: () => Promise<void>) {
  let inFlight = 0;
  let draining = false;
  server.on("request", (_req, res) => {
    inFlight += 1;
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight -= 1;
      if (draining) server.closeIdleConnections();
    });
  });

  const stop = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    log.info({ signal, inFlight }, "shutting down: draining in-flight requests");
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearTimeout(cut);
      void release()
        .catch(() => undefined)
        .finally(() => {
          log.info({ signal }, "stopped");
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
