export type LeaseState = "valid" | "expiring" | "lapsed";

/**
 * A lease shows as expiring soon within 7 days of its end, or within the last half of a lease
 * shorter than two weeks, so a device that refreshed a 7-day lease a moment ago reads "valid".
 */
export const EXPIRING_SOON_DAYS = 7;
const DAY_MS = 86_400_000;

export const expiringSoonMs = (leaseDays: number) => Math.min(EXPIRING_SOON_DAYS, leaseDays / 2) * DAY_MS;

export function leaseState(leaseExpiresAt: Date, leaseDays: number, now: Date = new Date()): LeaseState {
  const left = leaseExpiresAt.getTime() - now.getTime();
  if (left <= 0) return "lapsed";
  return left <= expiringSoonMs(leaseDays) ? "expiring" : "valid";
}
