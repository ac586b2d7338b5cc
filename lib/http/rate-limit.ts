/**
 * Requests per minute per key, in this process's memory: a fixed one-minute window per key is
 * one Map lookup on the normal path. For the embedded database (one process); on PostgreSQL the
 * limit is shared by every instance (./shared-rate-limit.ts).
 */
export class RateLimiter {
  private windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Seconds to wait when over the limit, or 0 when the request may go ahead. */
  take(key: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= 60_000) {
      if (this.windows.size > 10_000) this.prune(now);
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.perMinute ? Math.max(1, Math.ceil((w.startedAt + 60_000 - now) / 1000)) : 0;
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (now - w.startedAt >= 60_000) this.windows.delete(k);
  }
}
