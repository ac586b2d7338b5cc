import type { HistoryPoint } from "@/lib/console/history-queries";
import type { UsageRange } from "@/lib/reports/ranges";

// The usage chart's axes as pure functions: round y ticks, time labels, and where the capacity
// line may be drawn.

/**
 * Ticks from 0 to at least `max` at a round step (1, 2 or 5 times a power of ten), at most
 * `most` + 1 of them: 0, 50, 100, 150 — never 81 or 123. An empty or zero range is 0–1.
 */
export function roundTicks(max: number, most = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= most);
    if (found) {
      step = found;
      break;
    }
  }
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}

// Three-letter months of our own: ICU's en-GB abbreviations differ between versions ("Sep" or
// "Sept"), and the server and the browser may carry different ones.
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const hourMinute = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" });

/** A bucket's label on the time axis (UTC): "09:40", "3 Dec", "Feb 2026". */
export function timeTick(range: UsageRange, t: string) {
  const d = new Date(t);
  switch (range) {
    case "24h":
      return hourMinute.format(d);
    case "30d":
      return `${d.getUTCDate()} ${months[d.getUTCMonth()]}`;
    case "12mo":
      return `${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }
}

/**
 * The capacity to draw under each bucket: the sampled one where there is a sample, today's in the
 * gaps after it, and nothing before the pool is known to exist — before its first sample, or
 * without any sample before the bucket its contract started in — so a young contract's line
 * does not run back to the start of the range.
 */
export function capacityLine(points: HistoryPoint[], capacity: number, contractStartsAt: string): (number | null)[] {
  const firstSample = points.findIndex((p) => p.peak !== null);
  const starts = Date.parse(contractStartsAt);
  // The bucket holding the start is the last one starting at or before it.
  const contractBucket = points.reduce((at, p, i) => (Date.parse(p.t) <= starts ? i : at), 0);
  const from = firstSample >= 0 ? firstSample : contractBucket;
  return points.map((p, i) => (i < from ? null : (p.capacity ?? capacity)));
}
