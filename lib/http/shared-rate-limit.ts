import "server-only";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import type { Database } from "@/db/client";
import { rateLimitWindows } from "@/db/schema";
import { errorFields, log } from "@/lib/runtime/log";
import { RateLimiter } from "./rate-limit";

const MINUTE = 60_000;

/** Adds `n` to a key's count in one window and returns the count after it (all instances see one count). */
export type Reserve = (key: string, windowStart: Date, n: number) => Promise<number>;

/** The shared counter on PostgreSQL: one conditional upsert per reservation. */
export const reserveInDatabase =
  (db: Database): Reserve =>
  async (key, windowStart, n) => {
    const [row] = await db
      .insert(rateLimitWindows)
      .values({ key, windowStart, count: n })
      .onConflictDoUpdate({
        target: [rateLimitWindows.key, rateLimitWindows.windowStart],
        set: { count: sql`${rateLimitWindows.count} + excluded.count` },
      })
      .returning({ count: rateLimitWindows.count });
    // Seen once while the connection was being cut: no row and no error. Treated as an outage (503).
    if (!row) throw Object.assign(new Error("The database returned no count."), { code: "DATABASE_NO_ANSWER" });
    return row.count;
  };

/**
 * The shared counter on Redis (SEATKEEPER_REDIS_URL): INCRBY on the key's window, which expires
 * after two minutes. While Redis can't be reached (no offline queue: a command fails at once
 * instead of waiting), budget is reserved from `fallback`, the PostgreSQL counter, so the API
 * neither stops nor runs unlimited; a key may then get up to its limit from each counter for the
 * minute Redis went away.
 */
export function reserveInRedis(redis: Redis, fallback: Reserve): Reserve {
  let warnedAt = 0;
  return async (key, windowStart, n) => {
    const name = `seatkeeper:rate:${key}:${windowStart.getTime()}`;
    try {
      const replies = await redis
        .multi()
        .incrby(name, n)
        .pexpire(name, 2 * MINUTE)
        .exec();
      const [error, count] = replies?.[0] ?? [new Error("Redis answered no count.")];
      if (error) throw error;
      return Number(count);
    } catch (e) {
      if (Date.now() - warnedAt > MINUTE) {
        warnedAt = Date.now();
        log.warn(errorFields(e), "rate limit: Redis unavailable, counting in PostgreSQL meanwhile");
      }
      return fallback(key, windowStart, n);
    }
  };
}

/** A Redis client that fails commands at once while disconnected, and reconnects by itself. */
export function redisForRateLimit(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  redis.on("error", () => undefined); // reported by reserveInRedis, at most once a minute
  void redis.connect().catch(() => undefined);
  return redis;
}

type Window = { start: number; budget: number; exhausted: boolean; reserving?: Promise<void> };

/**
 * Requests per minute per key across every instance. Windows are whole clock minutes, so every
 * instance counts into the same row. The hot path spends no round trip: each instance reserves
 * budget from the shared counter in chunks of about 1 % of the limit and spends it from memory.
 * Over-admission is impossible (a chunk is granted only up to what the shared count leaves);
 * budget reserved but unused when the minute ends is at most one chunk per instance, so the
 * limit holds within a few percent with tens of instances.
 */
export class SharedRateLimiter {
  private windows = new Map<string, Window>();
  private readonly chunk: number;

  constructor(
    private readonly perMinute: number,
    private readonly reserve: Reserve,
  ) {
    this.chunk = Math.max(1, Math.floor(perMinute / 100));
  }

  /** Seconds to wait when over the limit, or 0 when the request may go ahead. */
  async take(key: string, now = Date.now()): Promise<number> {
    if (this.perMinute <= 0) return 0;
    const start = now - (now % MINUTE);
    for (;;) {
      let w = this.windows.get(key);
      if (!w || w.start !== start) {
        if (this.windows.size > 10_000) this.prune(start);
        w = { start, budget: 0, exhausted: false };
        this.windows.set(key, w);
      }
      if (w.budget > 0) {
        w.budget -= 1;
        return 0;
      }
      if (w.exhausted) return Math.max(1, Math.ceil((start + MINUTE - now) / 1000));
      // One reservation per key at a time; requests arriving meanwhile wait for it and retry.
      w.reserving ??= this.refill(key, w);
      await w.reserving;
    }
  }

  private async refill(key: string, w: Window) {
    try {
      const count = await this.reserve(key, new Date(w.start), this.chunk);
      const granted = Math.max(0, Math.min(this.chunk, this.perMinute - (count - this.chunk)));
      w.budget += granted;
      if (granted < this.chunk) w.exhausted = true;
    } finally {
      w.reserving = undefined;
    }
  }

  private prune(start: number) {
    for (const [k, w] of this.windows) if (w.start !== start) this.windows.delete(k);
  }
}

/**
 * The limiter for this database: shared through Redis when SEATKEEPER_REDIS_URL is set, else
 * through PostgreSQL; in this process's memory on the embedded database (one process).
 */
export function rateLimiterFor(
  perMinute: number,
  db: Database,
  kind: "postgres" | "pglite",
  redisUrl?: string,
): { take: (key: string) => number | Promise<number> } {
  if (kind !== "postgres") return new RateLimiter(perMinute);
  const inDatabase = reserveInDatabase(db);
  return new SharedRateLimiter(
    perMinute,
    redisUrl ? reserveInRedis(redisForRateLimit(redisUrl), inDatabase) : inDatabase,
  );
}
