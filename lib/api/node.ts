import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { errorResponse } from "@/lib/http/errors";
import { apiApp } from "./app";

/** Whether server.ts hands a request to the API application rather than to Next.js. */
export const isApiRequest = (url: string | undefined) =>
  url !== undefined && (/^\/api\/v1(\/|\?|$)/.test(url) || /^\/api\/health(\?|$)/.test(url));

let listener: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

/**
 * The lean path: Node's request straight to the API application through @hono/node-server,
 * without Next.js. A request it cannot even read as one (a malformed Host header or URL) is 400.
 */
export function apiListener() {
  listener ??= getRequestListener(apiApp().fetch, {
    // A body refused unread is not drained (lib/api/body.ts ends the connection instead); Node
    // itself discards the unread rest of a body nobody asked for (404, 405) on keep-alive.
    autoCleanupIncoming: false,
    errorHandler: (e) =>
      e instanceof Error && e.name === "RequestError"
        ? errorResponse("BAD_REQUEST", `The request cannot be read: ${e.message.toLowerCase()}.`)
        : errorResponse("INTERNAL", "Something went wrong on our side; nothing was changed. Please try again."),
  }) as unknown as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  return listener;
}
