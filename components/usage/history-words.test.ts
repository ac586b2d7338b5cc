import { describe, expect, it } from "vitest";
import type { PoolHistory } from "@/lib/console/history-queries";
import { rightSizing } from "@/lib/reports/right-sizing";
import { dataSince, durationWords, rightSizingWords } from "./history-words";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 12, minute)).toISOString();

function pool(range: "24h" | "30d", peaks: (number | null)[]): PoolHistory {
  const points = peaks.map((peak, i) => ({ t: at(i * 10), peak, avg: peak, capacity: 3, denials: 0 }));
  return {
    points,
    capacity: 3,
    summary: rightSizing(
      range,
      { capacity: 3, minCapacity: 0, warningThresholdPercent: 90, contractStartsAt: new Date(0) },
      points,
      { daysAtLimit: 1, denials: 0, from: new Date(at(0)) },
    ),
  } as unknown as PoolHistory;
}

describe("the usage card's words", () => {
  it("says how long a 24-hour view was at the limit in minutes or hours, never in days", () => {
    expect(rightSizingWords(pool("24h", [null, 3, 3, 1]), "24h")).toBe(
      "Peak 3 of 3 in the last 24 hours — at the limit for about 20 minutes: consider more licences.",
    );
    expect(durationWords(130)).toBe("2 hours 10 minutes");
    expect(durationWords(60)).toBe("1 hour");
  });

  it("keeps days for the 30-day view", () => {
    expect(rightSizingWords(pool("30d", [3]), "30d")).toMatch(/at the limit on 1 day/);
  });

  it("notes when the data starts: the first sampled bucket", () => {
    expect(dataSince(pool("24h", [null, null, 2]).points)).toBe("Data since 2 Dec 2026, 12:20 UTC");
    expect(dataSince(pool("24h", [null]).points)).toBeNull();
  });
});
