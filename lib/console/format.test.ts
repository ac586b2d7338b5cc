import { describe, expect, it } from "vitest";
import { formatDayFrom } from "./format";

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
