import { describe, expect, it } from "vitest";
import { nextDigestAt } from "./digest-time";

describe("the daily digest's time", () => {
  it("is the next 08:00 on the organization's clock, across clock changes", () => {
    // Berlin in winter (UTC+1) and summer (UTC+2); the night the clocks go forward.
    expect(nextDigestAt(new Date("2026-01-10T12:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-01-11T07:00:00.000Z",
    );
    expect(nextDigestAt(new Date("2026-07-10T05:59:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-07-10T06:00:00.000Z",
    );
    expect(nextDigestAt(new Date("2026-03-28T12:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-03-29T06:00:00.000Z",
    );
    // West of Greenwich, the local day is behind UTC's.
    expect(nextDigestAt(new Date("2026-01-10T03:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-01-10T13:00:00.000Z",
    );
    // A half-hour zone, and UTC itself at exactly 08:00 (the next one is tomorrow's).
    expect(nextDigestAt(new Date("2026-01-10T00:00:00Z"), "Asia/Kolkata").toISOString()).toBe(
      "2026-01-10T02:30:00.000Z",
    );
    expect(nextDigestAt(new Date("2026-01-10T08:00:00Z"), "UTC").toISOString()).toBe("2026-01-11T08:00:00.000Z");
  });
});
