import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/testing/db";
import { reserveInDatabase, SharedRateLimiter } from "./shared-rate-limit";

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
