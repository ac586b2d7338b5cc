import { poolState } from "@/lib/licensing/pool-state";
import { rangeLabel, type UsageRange } from "./ranges";

// The right-sizing answer of the usage history, in words: did the pool reach its capacity or
// refuse anyone, and how many licences could go? Pure, so it is tested without a database.

/** What the advice needs to know about the pool besides its history. */
export type SizingPool = {
  capacity: number;
  minCapacity: number;
  warningThresholdPercent: number;
  /** When the pool's contract started: a younger contract has not lived a whole range yet. */
  contractStartsAt: Date;
};

/** What the range saw besides the samples. */
export type SizingEvidence = {
  /** Days on which the peak reached the capacity. */
  daysAtLimit: number;
  /** Acquisitions of this pool refused in the range. */
  denials: number;
  /** The range's first instant. */
  from: Date;
};

export type RightSizing = {
  /** Highest number in use over the range, or null when nothing was sampled. */
  peak: number | null;
  /** Mean of the sampled buckets' averages. */
  average: number | null;
  capacity: number;
  /** Licences never in use at the same time over the range (capacity − peak, at least 0). */
  neverUsed: number | null;
  daysAtLimit: number;
  /**
   * The capacity the advice lowers to: the smallest at or above the pool's minimum that would
   * have kept the range's peak in the "normal" state (below the warning threshold), so the
   * advice never turns a pool "Near limit"; null when there is nothing to lower.
   */
  lowerTo: number | null;
  verdict: "no-data" | "too-new" | "over-provisioned" | "at-limit" | "fits";
  sentence: string;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The smallest capacity ≥ the minimum whose pool state for `peak` is "normal" (the one state model). */
function lowestNormalCapacity(pool: SizingPool, peak: number) {
  let capacity = Math.max(pool.minCapacity, peak);
  while (capacity < pool.capacity && poolState(peak, capacity, capacity, pool.warningThresholdPercent) !== "normal")
    capacity++;
  return capacity;
}

export function rightSizing(
  range: UsageRange,
  pool: SizingPool,
  points: { peak: number | null; avg: number | null }[],
  evidence: SizingEvidence,
): RightSizing {
  const { capacity } = pool;
  const { daysAtLimit, denials } = evidence;
  const sampled = points.filter((p) => p.peak !== null);
  const when = `in the last ${rangeLabel[range]}`;
  const base = { capacity, daysAtLimit, lowerTo: null };
  if (sampled.length === 0) {
    return {
      ...base,
      peak: null,
      average: null,
      neverUsed: null,
      verdict: "no-data",
      sentence: `No usage recorded ${when}.`,
    };
  }
  const peak = Math.max(...sampled.map((p) => p.peak ?? 0));
  const average = Math.round((sampled.reduce((s, p) => s + (p.avg ?? 0), 0) / sampled.length) * 10) / 10;
  const neverUsed = Math.max(0, capacity - peak);
  const head = `Peak ${peak} of ${capacity} ${when}`;
  const figures = { ...base, peak, average, neverUsed };
  if (denials > 0) {
    return {
      ...figures,
      verdict: "at-limit",
      sentence: `${head} — ${plural(denials, "acquisition was", "acquisitions were")} refused: consider more licences.`,
    };
  }
  if (daysAtLimit > 0) {
    return {
      ...figures,
      verdict: "at-limit",
      sentence: `${head} — at the limit on ${plural(daysAtLimit, "day", "days")}: consider more licences.`,
    };
  }
  // A contract younger than the range has not seen a whole range of use: a quiet first week says
  // nothing about the month, so no licence is called spare yet.
  if (pool.contractStartsAt > evidence.from) {
    return {
      ...figures,
      verdict: "too-new",
      sentence: `${head} — the contract is younger than ${rangeLabel[range]}, too early to call any licence spare.`,
    };
  }
  const lowerTo = lowestNormalCapacity(pool, peak);
  if (neverUsed > 0 && lowerTo < capacity) {
    return {
      ...figures,
      lowerTo,
      verdict: "over-provisioned",
      sentence: `${head} — ${plural(neverUsed, "licence was", "licences were")} never used.`,
    };
  }
  const reason =
    neverUsed === 0
      ? "every licence was used"
      : capacity <= pool.minCapacity
        ? `the pool is at its minimum of ${pool.minCapacity}`
        : `fewer licences would put it at its ${pool.warningThresholdPercent}% warning`;
  return { ...figures, verdict: "fits", sentence: `${head} — ${reason}.` };
}
