/** Percentile of a list of numbers (nearest rank); 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Milliseconds; `min` is the figure least disturbed by other work on a shared machine. */
export type Timing = { median: number; p95: number; min: number; runs: number };

/** Times `work` `runs` times after `warmup` untimed runs; milliseconds. */
export async function timeRepeated(work: () => Promise<unknown>, runs = 15, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  return { median: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), min: round(Math.min(...ms)), runs };
}
