import { describe, expect, it } from "vitest";
import { formatDateTimeIn, formatDayFrom, formatRelative } from "./format";

describe("formatDayFrom", () => {
  it("says a day's weekday and how far it is: in days up to six weeks, then months, then years", () => {
    expect(formatDayFrom("2026-12-07", "2026-12-07")).toBe("Monday, today");
    expect(formatDayFrom("2026-12-08", "2026-12-07")).toBe("Tuesday, tomorrow");
    expect(formatDayFrom("2026-12-19", "2026-12-07")).toBe("Saturday, in 12 days");
    expect(formatDayFrom("2026-11-25", "2026-12-07")).toBe("Wednesday, 12 days ago");
    expect(formatDayFrom("2027-03-17", "2026-12-07")).toBe("Wednesday, in 3 months");
    expect(formatDayFrom("2029-12-07", "2026-12-07")).toBe("Friday, in 3 years");
  });

  it("answers nothing for a day that is not one", () => {
    expect(formatDayFrom("2026-13-45", "2026-12-07")).toBe("");
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it("says under a minute in words that do not tick, then the largest whole unit", () => {
    expect(formatRelative(at(-20), now)).toBe("just now");
    expect(formatRelative(at(0), now)).toBe("just now");
    expect(formatRelative(at(30), now)).toBe("in under a minute");
    expect(formatRelative(at(-179), now)).toBe("2 minutes ago");
    expect(formatRelative(at(-3 * 3600 - 59), now)).toBe("3 hours ago");
    expect(formatRelative(at(-86_400), now)).toBe("yesterday");
    expect(formatRelative(at(2 * 86_400), now)).toBe("in 2 days");
    expect(formatRelative(at(-45 * 86_400), now)).toBe("last month");
    expect(formatRelative(at(-400 * 86_400), now)).toBe("last year");
  });
});

describe("formatDateTimeIn", () => {
  it("shows a moment in the named zone, with the zone's short name", () => {
    const moment = new Date("2026-12-07T23:14:05Z");
    expect(formatDateTimeIn(moment, "UTC")).toBe("7 Dec 2026, 23:14:05 UTC");
    expect(formatDateTimeIn(moment, "Europe/Oslo")).toBe("8 Dec 2026, 00:14:05 CET");
    expect(formatDateTimeIn(new Date("2026-07-01T10:00:00Z"), "Europe/Oslo")).toBe("1 Jul 2026, 12:00:00 CEST");
    // Three letters whatever the ICU version says ("Sept").
    expect(formatDateTimeIn(new Date("2026-09-30T23:30:00Z"), "Europe/Oslo")).toBe("1 Oct 2026, 01:30:00 CEST");
    expect(formatDateTimeIn(new Date("2026-09-02T08:00:00Z"), "UTC")).toBe("2 Sep 2026, 08:00:00 UTC");
  });
});
