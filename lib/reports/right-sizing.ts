import { rangeLabel, type UsageRange } from "./ranges";

// The right-sizing answer of the usage history, in words: did the pool reach its capacity, and
// how many licences were never used? Pure, so it is tested without a database.

export type RightSizing = {
  /** Highest number in use over the range, or null when nothing was sampled. */
  peak: number | null;
  /** Mean of the sampled buckets' averages. */
  average: number | null;
  capacity: number;
  /** Licences never in use at the same time over the range (capacity − peak, at least 0). */
  neverUsed: number | null;
  daysAtLimit: number;
  verdict: "no-data" | "over-provisioned" | "at-limit" | "fits";
  sentence: string;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function rightSizing(
  range: UsageRange,
  capacity: number,
  points: { peak: number | null; avg: number | null }[],
  daysAtLimit: number,
): RightSizing {
  const sampled = points.filter((p) => p.peak !== null);
  const when = `in the last ${rangeLabel[range]}`;
  if (sampled.length === 0) {
    return {
      peak: null,
      average: null,
      capacity,
      neverUsed: null,
      daysAtLimit,
      verdict: "no-data",
      sentence: `No usage recorded ${when}.`,
    };
  }
  const peak = Math.max(...sampled.map((p) => p.peak ?? 0));
  const average = Math.round((sampled.reduce((s, p) => s + (p.avg ?? 0), 0) / sampled.length) * 10) / 10;
  const neverUsed = Math.max(0, capacity - peak);
  const head = `Peak ${peak} of ${capacity} ${when}`;
  if (daysAtLimit > 0) {
    return {
      peak,
      average,
      capacity,
      neverUsed,
      daysAtLimit,
      verdict: "at-limit",
      sentence: `${head} — at the limit on ${plural(daysAtLimit, "day", "days")}: consider more licences.`,
    };
  }
  if (neverUsed > 0) {
    return {
      peak,
      average,
      capacity,
      neverUsed,
      daysAtLimit,
      verdict: "over-provisioned",
      sentence: `${head} — ${plural(neverUsed, "licence was", "licences were")} never used.`,
    };
  }
  return {
    peak,
    average,
    capacity,
    neverUsed,
    daysAtLimit,
    verdict: "fits",
    sentence: `${head} — every licence was used.`,
  };
}
