import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { rateLimitWindows } from "@/db/schema";
import { testDb } from "@/lib/testing/db";
import { redisForRateLimit, reserveInDatabase, reserveInRedis, SharedRateLimiter } from "./shared-rate-limit";

const MINUTE = 60_000;

describe("the rate limit shared through the database", () => {
  it("holds a key's limit across two instances within 5 %, never above it", async () => {
    const db = await testDb();
    const key = randomUUID();
    const a = new SharedRateLimiter(120, reserveInDatabase(db));
    const b = new SharedRateLimiter(120, reserveInDatabase(db));
    const now = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
    // 300 requests from each instance, interleaved and concurrent.
    const waits = await Promise.all(
      Array.from({ length: 300 }, (_, i) => [a.take(key, now + i), b.take(key, now + i)]).flat(),
    );
    const granted = waits.filter((w) => w === 0).length;
    expect(granted).toBeLessThanOrEqual(120);
    expect(granted).toBeGreaterThanOrEqual(114);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60);
  });

  it("lets a refused key through again in the next minute", async () => {
    const db = await testDb();
    const key = randomUUID();
    const limiter = new SharedRateLimiter(2, reserveInDatabase(db));
    const now = Math.floor(Date.now() / MINUTE) * MINUTE + 15_000;
    expect([await limiter.take(key, now), await limiter.take(key, now)]).toEqual([0, 0]);
    expect(await limiter.take(key, now)).toBe(45);
    expect(await limiter.take(key, now + MINUTE)).toBe(0);
    expect(await limiter.take(randomUUID(), now)).toBe(0);
  });

  it("spends budget from memory: one round trip per chunk of about 1 % of the limit", async () => {
    const db = await testDb();
    let roundTrips = 0;
    const reserve = reserveInDatabase(db);
    const limiter = new SharedRateLimiter(6000, (...args) => {
      roundTrips += 1;
      return reserve(...args);
    });
    const key = randomUUID();
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    for (let i = 0; i < 600; i++) expect(await limiter.take(key, now)).toBe(0);
    expect(roundTrips).toBe(10);
  });
});

// Redis (SEATKEEPER_REDIS_URL): the machine's Redis, which `.ci/run` starts when it is down.
const redisUrl = process.env.SEATKEEPER_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** A client once connected (commands fail at once before that: there is no offline queue). */
const connected = (redis: Redis) =>
  new Promise<boolean>((resolve) => {
    if (redis.status === "ready") return resolve(true);
    redis.once("ready", () => resolve(true));
    setTimeout(() => resolve(false), 2_000);
  });
const redisUp = await (async () => {
  const probe = redisForRateLimit(redisUrl);
  const up = await connected(probe);
  probe.disconnect();
  return up;
})();

describe.skipIf(!redisUp && !process.env.CI)("the rate limit shared through Redis", () => {
  it("holds a key's limit across two instances within 5 %, never above it", async () => {
    const db = await testDb();
    const redis = [redisForRateLimit(redisUrl), redisForRateLimit(redisUrl)];
    try {
      expect(await Promise.all(redis.map(connected))).toEqual([true, true]);
      const key = randomUUID();
      const [a, b] = redis.map((r) => new SharedRateLimiter(120, reserveInRedis(r, reserveInDatabase(db))));
      const now = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
      const waits = await Promise.all(
        Array.from({ length: 300 }, (_, i) => [a!.take(key, now + i), b!.take(key, now + i)]).flat(),
      );
      const granted = waits.filter((w) => w === 0).length;
      expect(granted).toBeLessThanOrEqual(120);
      expect(granted).toBeGreaterThanOrEqual(114);
      // Counted in Redis, not in PostgreSQL.
      expect(Number(await redis[0]!.get(`seatkeeper:rate:${key}:${now - (now % MINUTE)}`))).toBeGreaterThanOrEqual(120);
      const [row] = await db.select().from(rateLimitWindows).where(eq(rateLimitWindows.key, key));
      expect(row).toBeUndefined();
    } finally {
      for (const r of redis) r.disconnect();
    }
  });

  it("counts in the database at once while Redis can't be reached, and still limits", async () => {
    const db = await testDb();
    const unreachable = redisForRateLimit("redis://127.0.0.1:1");
    try {
      const limiter = new SharedRateLimiter(2, reserveInRedis(unreachable, reserveInDatabase(db)));
      const key = randomUUID();
      const now = Math.floor(Date.now() / MINUTE) * MINUTE + 15_000;
      const started = Date.now();
      expect([await limiter.take(key, now), await limiter.take(key, now), await limiter.take(key, now)]).toEqual([
        0, 0, 45,
      ]);
      expect(Date.now() - started).toBeLessThan(2_000);
      const [row] = await db.select().from(rateLimitWindows).where(eq(rateLimitWindows.key, key));
      expect(row?.count).toBeGreaterThanOrEqual(2);
    } finally {
      unreachable.disconnect();
    }
  });
});
