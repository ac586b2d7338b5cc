import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { addressKind } from "./address";
import { hostOf, isLoopbackHost } from "./url";

// The POST of one webhook. Where it may go is checked on the addresses the connection actually
// uses: the host name is resolved once, inside the connection's own lookup, and every address it
// resolves to is judged before connecting. Checking a separate lookup first would let a name
// answer a public address to the check and a private one to the connection (DNS rebinding).

export type WebhookAnswer = { statusCode: number };

export class RefusedAddressError extends Error {
  readonly code = "ADDRESS_REFUSED";
}

/** Why the address may not be reached from this URL's host, or null when it may. */
function refusal(host: string, address: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const kind = addressKind(address);
  // This machine only when the URL says so (127.0.0.1, localhost): local receivers and tests.
  if (kind === "public" || (kind === "loopback" && isLoopbackHost(host))) return null;
  return `Not sent: ${host} resolves to a private address (${address}).`;
}

const guardedLookup =
  (host: string, allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.map((a) => refusal(host, a.address, allowPrivate)).find(Boolean);
      if (refused) return callback(new RefusedAddressError(refused), "", 0);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };

/** POSTs the body and answers the status; the response body is read and dropped. */
export function postWebhook(
  target: URL,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal; allowPrivate: boolean },
): Promise<WebhookAnswer> {
  const host = hostOf(target);
  if (isIP(host)) {
    const refused = refusal(host, host, init.allowPrivate);
    if (refused) return Promise.reject(new RefusedAddressError(refused));
  }
  const send = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method: "POST",
      headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
      signal: init.signal,
      lookup: guardedLookup(host, init.allowPrivate),
      // One connection per delivery: a lookup is never skipped by reusing a socket.
      agent: false,
    });
    request.on("response", (response) => {
      response.resume();
      resolve({ statusCode: response.statusCode ?? 0 });
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
