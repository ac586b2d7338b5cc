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
