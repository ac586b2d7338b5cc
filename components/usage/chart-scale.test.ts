import { describe, expect, it } from "vitest";
import type { HistoryPoint } from "@/lib/console/history-queries";
import { capacityLine, roundTicks, timeTick } from "./chart-scale";

describe("the usage chart's axes", () => {
  it("puts y ticks at round steps from 0 to at least the highest value", () => {
    expect(roundTicks(123)).toEqual([0, 50, 100, 150]);
    expect(roundTicks(81)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(roundTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(roundTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(roundTicks(3)).toEqual([0, 1, 2, 3]);
    expect(roundTicks(0)).toEqual([0, 1]);
    expect(roundTicks(2_400)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    for (const max of [1, 9, 47, 99, 101, 999, 12_345]) {
      const ticks = roundTicks(max);
      expect(String(ticks[1])).toMatch(/^[125]0*$/);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it("labels months with the month and the full year, days with the day and month, 24 h with the time", () => {
    expect(timeTick("12mo", "2026-02-01T00:00:00.000Z")).toBe("Feb 2026");
    expect(timeTick("12mo", "2026-09-01T00:00:00.000Z")).toBe("Sep 2026");
    expect(timeTick("30d", "2026-12-03T00:00:00.000Z")).toBe("3 Dec");
    expect(timeTick("24h", "2026-12-03T09:40:00.000Z")).toBe("09:40");
  });

  it("draws capacity from the first sample, or without samples from the contract's start, never before", () => {
    const month = (m: number, peak: number | null, capacity: number | null = peak === null ? null : 10) => ({
      t: new Date(Date.UTC(2026, m, 1)).toISOString(),
      peak,
      avg: peak,
      capacity,
      denials: 0,
    });
    const year: HistoryPoint[] = [
      ...Array.from({ length: 10 }, (_, m) => month(m, null)),
      month(10, 4),
      month(11, 6, 12),
    ];
    expect(capacityLine(year, 12, "2025-06-01T00:00:00Z")).toEqual([...Array(10).fill(null), 10, 12]);
    const unsampled = Array.from({ length: 12 }, (_, m) => month(m, null));
    expect(capacityLine(unsampled, 8, "2026-09-15T00:00:00Z")).toEqual([...Array(8).fill(null), 8, 8, 8, 8]);
    // A gap after the first sample keeps today's capacity, so the line is whole.
    expect(capacityLine([month(0, 2), month(1, null), month(2, 3)], 10, "2020-01-01T00:00:00Z")).toEqual([10, 10, 10]);
  });
});
