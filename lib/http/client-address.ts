import "server-only";
import { env } from "@/lib/env";

/** Set by server.ts on every request from the connection's peer address, replacing any sent value. */
export const PEER_ADDRESS_HEADER = "x-seatkeeper-peer-address";

/**
 * The client's address for per-address limits: the connection's peer, or, behind a trusted proxy
 * (SEATKEEPER_TRUST_PROXY=true), the address that proxy appended last to X-Forwarded-For.
 */
export function clientAddress(headers: Headers): string {
  if (env().SEATKEEPER_TRUST_PROXY) {
    const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(PEER_ADDRESS_HEADER) || "unknown";
}

/** What a reverse proxy says about the original request; anyone else could say it too. */
const FORWARDING_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
];

/**
 * Run by server.ts on every request before anything reads it: without SEATKEEPER_TRUST_PROXY the
 * forwarding headers came from the client itself, so they are dropped, and nothing downstream
 * (next-auth's URLs, redirects, links in invitations, per-address limits) can be pointed at
 * another host or protocol by a request.
 */
export function dropUntrustedForwarding(headers: Record<string, unknown>, trustProxy: boolean) {
  if (trustProxy) return;
  for (const name of FORWARDING_HEADERS) delete headers[name];
}
