import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import type { ApiErrorCode } from "@/lib/http/errors";
import { log } from "./log";

/** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
export const DRAIN_MS = 10_000;
/**
 * How long connections that clients keep alive stay open after SIGTERM: a request sent on one
 * meanwhile is answered 503 with `Connection: close` instead of finding its socket closed under it.
 */
export const DRAIN_IDLE_MS = 1_000;
/** Seconds a client refused during the drain is asked to wait (another instance, or this one restarted). */
export const DRAIN_RETRY_AFTER_SECONDS = 2;

/** The answer to a request that arrives on a kept-alive connection while the server drains. */
function refuseWhileDraining(req: IncomingMessage, res: ServerResponse) {
  const headers = {
    connection: "close",
    "retry-after": String(DRAIN_RETRY_AFTER_SECONDS),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
  const message = `This server is shutting down; nothing was done. Try again in ${DRAIN_RETRY_AFTER_SECONDS} seconds.`;
  if (/^\/api\//.test(req.url ?? "")) {
    const code: ApiErrorCode = "SHUTTING_DOWN";
    res.writeHead(503, { ...headers, "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code, message, retryAfter: DRAIN_RETRY_AFTER_SECONDS } }));
  } else {
    res.writeHead(503, { ...headers, "content-type": "text/plain; charset=utf-8" });
    res.end(message);
  }
}

/**
 * On SIGTERM or SIGINT: stop accepting connections and let in-flight requests finish (at most
 * DRAIN_MS, their connections then closed). Requests that arrive on kept-alive connections during
 * the drain are answered 503 with `Connection: close` and `Retry-After`; connections still idle
 * after DRAIN_IDLE_MS are closed. Then `release` (hand job leadership over, close the pool) and exit.
 * Returns the gate every request passes first: false when it has answered the request itself.
 */
export function drainOnSignals(server: Server, release: () => Promise<void>) {
  let draining = false;
  let closingIdle = false;
  const inFlight = new Set<ServerResponse>();

  const stop = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    log.info({ signal, inFlight: inFlight.size }, "shutting down: draining in-flight requests");
    for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    const idle = setTimeout(() => {
      closingIdle = true;
      server.closeIdleConnections();
    }, DRAIN_IDLE_MS);
    // net's close, not http's: http's also closes idle keep-alive connections at once, and a request
    // a client is sending on one at that moment is reset instead of answered.
    NetServer.prototype.close.call(server, () => {
      clearTimeout(cut);
      clearTimeout(idle);
      void release()
        .catch(() => undefined)
        .finally(() => {
          log.info({ signal }, "stopped");
          process.exit(0);
        });
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  return function admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (draining) {
      refuseWhileDraining(req, res);
      return false;
    }
    inFlight.add(res);
    res.once("close", () => {
      inFlight.delete(res);
      if (closingIdle) server.closeIdleConnections();
    });
    return true;
  };
}
