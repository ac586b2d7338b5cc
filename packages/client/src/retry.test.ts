import { describe, expect, it } from "vitest";
import { SeatkeeperError } from "./errors";
import { delayFor, withRetry } from "./retry";

const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 4 };
const answer = (status: number, error?: unknown, headers: Record<string, string> = {}) => ({
  response: new Response(null, { status, headers }),
  error,
});

describe("retries", () => {
  it("honours Retry-After, else backs off exponentially with jitter up to the maximum", () => {
    const slow = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(delayFor(1, slow, "2")).toBe(2_000);
    expect(delayFor(1, slow, null, () => 0)).toBe(50);
    expect(delayFor(1, slow, null, () => 1)).toBe(100);
    expect(delayFor(3, slow, null, () => 1)).toBe(400);
    expect(delayFor(9, slow, null, () => 1)).toBe(1_000);
  });

  it("tries a server failure, a rate limit and a network error again, then answers", async () => {
    const answers = [
      () => answer(503, { error: { code: "DATABASE_UNAVAILABLE", message: "down" } }, { "retry-after": "0" }),
      () => answer(429, { error: { code: "RATE_LIMITED", message: "slow down" } }),
      () => {
        throw new TypeError("fetch failed");
      },
      () => ({ response: new Response("{}", { status: 200 }), data: { ok: true } }),
    ];
    const reasons: string[] = [];
    const result = await withRetry(async () => answers.shift()!(), policy, {
      onRetry: ({ reason }) => reasons.push(reason),
    });
    expect(result.data).toEqual({ ok: true });
    expect(reasons).toEqual(["503 DATABASE_UNAVAILABLE", "429 RATE_LIMITED", "fetch failed"]);
  });

  it("never retries a refusal: it throws SeatkeeperError with the code and numbers", async () => {
    let calls = 0;
    const refusal = await withRetry(async () => {
      calls++;
      return answer(409, { error: { code: "SESSION_LIMIT_REACHED", message: "full", limit: 3, inUse: 3 } });
    }, policy).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(refusal).toBeInstanceOf(SeatkeeperError);
    expect(refusal).toMatchObject({ status: 409, code: "SESSION_LIMIT_REACHED", details: { limit: 3, inUse: 3 } });
    const quota = await withRetry(
      async () => answer(429, { error: { code: "API_QUOTA_EXHAUSTED", message: "spent" } }),
      policy,
    ).catch((e: unknown) => e);
    expect(quota).toMatchObject({ code: "API_QUOTA_EXHAUSTED" });
  });
});
