import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("lets a key make its allowance in a minute, then answers how long to wait", () => {
    const limiter = new RateLimiter(3);
    const t0 = 1_000_000;
    expect([limiter.take("k", t0), limiter.take("k", t0), limiter.take("k", t0)]).toEqual([0, 0, 0]);
    expect(limiter.take("k", t0 + 15_000)).toBe(45);
    expect(limiter.take("other", t0 + 15_000)).toBe(0);
  });

  it("opens a new window after a minute", () => {
    const limiter = new RateLimiter(1);
    expect(limiter.take("k", 0)).toBe(0);
    expect(limiter.take("k", 59_999)).toBe(1);
    expect(limiter.take("k", 60_000)).toBe(0);
  });

  it("never limits when the allowance is 0 (turned off)", () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.take("k", 0)).toBe(0);
  });
});
