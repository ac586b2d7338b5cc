export type LeaseState = "valid" | "expiring" | "lapsed";

/** A lease ending within this long shows as expiring soon. */
export const EXPIRING_SOON_MS = 24 * 60 * 60 * 1000;

export function leaseState(leaseExpiresAt: Date, now: Date = new Date()): LeaseState {
  const left = leaseExpiresAt.getTime() - now.getTime();
  if (left <= 0) return "lapsed";
  return left <= EXPIRING_SOON_MS ? "expiring" : "valid";
}
