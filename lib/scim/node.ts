import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { ScimError, scimErrorResponse } from "./errors";
import { scimApp } from "./app";

/** Whether server.ts hands a request to the SCIM service rather than to Next.js. */
export const isScimRequest = (url: string | undefined) => url !== undefined && /^\/scim\/v2(\/|\?|$)/.test(url);

let listener: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

/** The SCIM service on Node directly, like the API's lean path (lib/api/node.ts). */
export function scimListener() {
  listener ??= getRequestListener(scimApp().fetch, {
    autoCleanupIncoming: false,
    errorHandler: (e) =>
      scimErrorResponse(
        e instanceof Error && e.name === "RequestError"
          ? new ScimError(400, `The request cannot be read: ${e.message.toLowerCase()}.`, "invalidSyntax")
          : new ScimError(500, "Something went wrong on our side; nothing was changed. Please try again."),
      ),
  }) as unknown as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  return listener;
}
