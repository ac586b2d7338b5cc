import { describe, expect, it } from "vitest";
import { traceArea, tracePath, traceSentence, traceTop } from "./day-trace";

const from = "2026-12-07T09:00:00.000Z";

describe("the pool card's sparkline", () => {
  it("scales to the capacity or the highest peak, whichever is higher", () => {
    expect(traceTop([1, null, 3], 10)).toBe(10);
    expect(traceTop([1, 12, 3], 10)).toBe(12);
    expect(traceTop([null, 0], 0)).toBe(1);
  });

  it("draws one point a bucket and breaks the line where nothing was sampled", () => {
    // top 10 in 12 units: 0 sits on y 11, 10 on y 1.
    expect(tracePath([0, 10, null, 5, 5], 10, 12)).toBe("M0 11L1 1M3 6L4 6");
    // A lone point gets a one-unit stroke so it can be seen.
    expect(tracePath([null, 10, null], 10, 12)).toBe("M1 1L2 1");
    expect(tracePath([null, null], 10, 12)).toBe("");
  });

  it("shades each unbroken run down to the baseline", () => {
    expect(traceArea([0, 10, null, 5, 5], 10, 12)).toBe("M0 12L0 11L1 1L1 12ZM3 12L3 6L4 6L4 12Z");
  });

  it("says the latest highest peak against the capacity, when it was in the organization's zone, and now", () => {
    const peaks = [3, 9, 4, 9, null, 7];
    expect(traceSentence({ from, peaks }, 10, 7, "UTC")).toBe("Last 24 h: peak 9 of 10 at 09:30, now 7");
    expect(traceSentence({ from, peaks }, 10, 7, "Europe/Oslo")).toBe("Last 24 h: peak 9 of 10 at 10:30, now 7");
    expect(traceSentence({ from, peaks: [null, null] }, 5, 0, "UTC")).toBe("Last 24 h: no samples yet, now 0 of 5");
  });
});
