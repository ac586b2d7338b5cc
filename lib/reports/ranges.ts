// The time ranges of the usage history and their buckets (UTC). Pure functions, shared by the
// queries, the page's range selector and the CSV export.

export const usageRanges = ["24h", "30d", "12mo"] as const;
export type UsageRange = (typeof usageRanges)[number];

export const rangeLabel: Record<UsageRange, string> = { "24h": "24 hours", "30d": "30 days", "12mo": "12 months" };
export const bucketLabel: Record<UsageRange, string> = { "24h": "10 minutes", "30d": "day", "12mo": "month" };

/** The range named in a URL parameter; anything else is the default, 30 days. */
export function parseRange(value: string | string[] | undefined | null): UsageRange {
  return usageRanges.find((r) => r === value) ?? "30d";
}

const TEN_MINUTES = 600_000;

/** The first bucket of the range ending now: 144 ten-minute buckets, 30 days or 12 months, the current one included. */
export function rangeStart(range: UsageRange, now: Date): Date {
  switch (range) {
    case "24h":
      return new Date(Math.floor(now.getTime() / TEN_MINUTES) * TEN_MINUTES - 143 * TEN_MINUTES);
    case "30d":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 29));
    case "12mo":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  }
}

/** The bucket after `t`. */
export function stepOf(range: UsageRange, t: Date): Date {
  switch (range) {
    case "24h":
      return new Date(t.getTime() + TEN_MINUTES);
    case "30d":
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1));
    case "12mo":
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
  }
}
