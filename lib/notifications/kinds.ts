import type { AccountRole } from "@/db/schema";

// The kinds of notice, who can receive each, and each role's defaults. Pure: the account page
// renders the choices from it and the feed decides recipients with it.

export const notificationKinds = [
  "renewal_ahead",
  "pool_near_limit",
  "pool_full",
  "pool_over_limit",
  "devices_full",
  "api_connects_used_up",
  "scheduled_change",
  "directory_refused",
  "seat_reclaim_ahead",
  "access_review_finished",
  "webhook_disabled",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const deliveries = ["immediately", "digest", "off"] as const;
export type Delivery = (typeof deliveries)[number];

export const deliveryLabels: Record<Delivery, string> = {
  immediately: "Immediately",
  digest: "Daily digest (08:00)",
  off: "Off",
};

export const kindLabels: Record<NotificationKind, string> = {
  renewal_ahead: "Renewal ahead (30, 7 and 1 days before a contract ends unrenewed)",
  pool_near_limit: "A pool reaches its warning threshold",
  pool_full: "A pool is full",
  pool_over_limit: "A pool is over its limit",
  devices_full: "A pool's devices are used up",
  api_connects_used_up: "A pool's API connects for the month are used up",
  scheduled_change: "A scheduled capacity change applied or refused",
  directory_refused: "The directory (SCIM) refused for lack of licences",
  seat_reclaim_ahead: "An unused named seat will be reclaimed in a week (auto-reclaim)",
  access_review_finished: "An access review finished, with the decrease it offers for renewal",
  webhook_disabled: "A webhook endpoint disabled",
};

/** An organization's notices go to its owners and admins; vendor-wide ones to vendor staff. */
const vendorKinds: readonly NotificationKind[] = ["webhook_disabled"];
export const isVendorKind = (kind: NotificationKind) => vendorKinds.includes(kind);

/** The kinds a role can receive (the account page lists only these). */
export function kindsFor(role: AccountRole): NotificationKind[] {
  const vendor = role === "operator" || role === "support";
  return notificationKinds.filter((k) => isVendorKind(k) === vendor);
}

const limits: NotificationKind[] = [
  "pool_near_limit",
  "pool_full",
  "pool_over_limit",
  "devices_full",
  "api_connects_used_up",
];

/**
 * Each role's defaults: owners pay and renew (renewals, limits and
 * the decreases finished access reviews offer), admins run the seats (limits,
 * the directory and seats about to be reclaimed), operators keep the integrations (webhooks). The rest wait for the digest
 * or stay off until the account chooses otherwise.
 */
export function defaultDelivery(role: AccountRole, kind: NotificationKind): Delivery {
  switch (role) {
    case "owner":
      if (kind === "renewal_ahead" || kind === "access_review_finished" || limits.includes(kind)) return "immediately";
      return kind === "scheduled_change" ? "digest" : "off";
    case "admin":
      if (kind === "directory_refused" || kind === "seat_reclaim_ahead" || limits.includes(kind)) return "immediately";
      return kind === "scheduled_change" || kind === "access_review_finished" ? "digest" : "off";
    case "operator":
      return kind === "webhook_disabled" ? "immediately" : "off";
    case "support":
      return "off";
  }
}

export const isNotificationKind = (value: string): value is NotificationKind =>
  (notificationKinds as readonly string[]).includes(value);
