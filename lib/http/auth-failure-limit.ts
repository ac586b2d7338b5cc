import "server-only";
import { errorResponse } from "./errors";

/**
 * Failed API authentication per client address, kept in this process's memory: once an address
 * has sent MAX_FAILURES bad keys or tokens within a minute, its further bad ones are answered 429
 * with Retry-After for BLOCK_MS instead of 401. A valid key or token is always served: the
 * address may be a NAT or a balancer shared by every customer behind it, and a device that keeps
 * sending a revoked key must not lock its neighbours out. Guessing gains nothing from this (a
 * 256-bit secret), so the limit only tells a misbehaving client to back off. Each instance counts
 * on its own.
 */
export const MAX_FAILURES = 30;
export const WINDOW_MS = 60_000;
export const BLOCK_MS = 60_000;
// Enough addresses for any real burst; past it, expired entries are dropped first.
const MAX_TRACKED = 20_000;

type Entry = { failures: number; windowStart: number; blockedUntil: number };
const entries = new Map<string, Entry>();

/** Seconds until the address's failures are answered 401 again, or 0 when it is within its budget. */
export function isAddressBlocked(address: string, now = Date.now()): number {
  const entry = entries.get(address);
  if (!entry || entry.blockedUntil <= now) return 0;
  return Math.ceil((entry.blockedUntil - now) / 1000);
}

/** Counts one failed authentication from the address, blocking it once over the budget. */
export function recordAuthFailure(address: string, now = Date.now()) {
  let entry = entries.get(address);
  if (!entry || now - entry.windowStart >= WINDOW_MS) {
    if (!entry && entries.size >= MAX_TRACKED) prune(now);
    entry = { failures: 0, windowStart: now, blockedUntil: entry?.blockedUntil ?? 0 };
    entries.set(address, entry);
  }
  entry.failures += 1;
  if (entry.failures >= MAX_FAILURES) entry.blockedUntil = now + BLOCK_MS;
}

function prune(now: number) {
  for (const [address, entry] of entries) {
    if (entry.blockedUntil <= now && now - entry.windowStart >= WINDOW_MS) entries.delete(address);
  }
  // Still full (a flood of distinct addresses): forget the oldest half rather than grow without bound.
  if (entries.size >= MAX_TRACKED) {
    let drop = entries.size / 2;
    for (const address of entries.keys()) {
      if (drop-- <= 0) break;
      entries.delete(address);
    }
  }
}

/** The 429 answered to an invalid key or token from an address over its budget. */
export const tooManyAuthFailures = (seconds: number) =>
  errorResponse(
    "RATE_LIMITED",
    `Too many requests with an invalid API key or token from this address; try again in ${seconds} seconds.`,
    { retryAfter: seconds },
    { "Retry-After": String(seconds) },
  );
