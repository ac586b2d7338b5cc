import { describe, expect, it } from "vitest";
import { BLOCK_MS, isAddressBlocked, MAX_FAILURES, recordAuthFailure, WINDOW_MS } from "./auth-failure-limit";

describe("the limit on failed API authentication per address", () => {
  it("blocks an address after 30 failures within a minute, for a minute, and no other address", () => {
    const start = 1_000_000;
    for (let i = 0; i < MAX_FAILURES - 1; i++) recordAuthFailure("10.0.0.1", start + i);
    expect(isAddressBlocked("10.0.0.1", start + MAX_FAILURES)).toBe(0);
    recordAuthFailure("10.0.0.1", start + MAX_FAILURES);
    expect(isAddressBlocked("10.0.0.1", start + MAX_FAILURES)).toBe(BLOCK_MS / 1000);
    expect(isAddressBlocked("10.0.0.2", start + MAX_FAILURES)).toBe(0);
    expect(isAddressBlocked("10.0.0.1", start + MAX_FAILURES + BLOCK_MS)).toBe(0);
  });

  it("forgets failures spread over more than a minute", () => {
    const start = 5_000_000;
    for (let i = 0; i < MAX_FAILURES * 3; i++) recordAuthFailure("10.0.0.3", start + i * (WINDOW_MS / 20));
    expect(isAddressBlocked("10.0.0.3", start + MAX_FAILURES * 3 * (WINDOW_MS / 20))).toBe(0);
  });
});
