import { formatDateTime } from "@/lib/console/format";
import type { HistoryPoint, PoolHistory } from "@/lib/console/history-queries";
import type { UsageRange } from "@/lib/reports/ranges";

// Words of the usage cards that depend on the range: a 24-hour view counts time at the limit in
// hours and minutes (its 10-minute buckets), never in days.

const bucketMinutes = 10;

/** "45 minutes", "2 hours 10 minutes". */
export function durationWords(minutes: number) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (h === 0) return part(m, "minute");
  return m === 0 ? part(h, "hour") : `${part(h, "hour")} ${part(m, "minute")}`;
}

/** 10-minute buckets whose peak reached that bucket's capacity. */
export function minutesAtLimit(points: HistoryPoint[], capacity: number) {
  const buckets = points.filter((p) => p.peak !== null && p.peak >= (p.capacity ?? capacity) && p.peak > 0).length;
  return Math.max(1, buckets) * bucketMinutes;
}

/** The right-sizing sentence for the range shown. */
export function rightSizingWords(pool: PoolHistory, range: UsageRange) {
  const { summary } = pool;
  if (range !== "24h" || summary.verdict !== "at-limit") return summary.sentence;
  const head = summary.sentence.split(" — ")[0];
  return `${head} — at the limit for about ${durationWords(minutesAtLimit(pool.points, pool.capacity))}: consider more licences.`;
}

/** "Data since 2 Dec 2026, 12:10 UTC": the first bucket with a sample, or null when none has. */
export function dataSince(points: HistoryPoint[]) {
  const first = points.find((p) => p.peak !== null);
  return first ? `Data since ${formatDateTime(new Date(first.t))}` : null;
}
