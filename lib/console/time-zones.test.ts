import { describe, expect, it } from "vitest";
import { timeZoneInput } from "@/lib/validation/licensing";
import { timeZoneChoices } from "./time-zones";

// The organization form's time zone picker offers exactly the zones the server accepts, each with
// its offset from UTC at the moment the page is drawn.

describe("timeZoneChoices", () => {
  it("offers UTC first, then every zone the server accepts, each with its offset then", () => {
    const winter = timeZoneChoices(new Date("2027-01-15T12:00:00Z"));
    expect(winter[0]).toEqual({ zone: "UTC", offset: "UTC+00:00" });
    expect(winter.every((c) => timeZoneInput.safeParse(c.zone).success)).toBe(true);
    expect(new Set(winter.map((c) => c.zone)).size).toBe(winter.length);
    const offset = (at: string, zone: string) => timeZoneChoices(new Date(at)).find((c) => c.zone === zone)?.offset;
    expect(offset("2027-01-15T12:00:00Z", "Europe/Oslo")).toBe("UTC+01:00");
    expect(offset("2027-07-15T12:00:00Z", "Europe/Oslo")).toBe("UTC+02:00");
    expect(offset("2027-07-15T12:00:00Z", "Asia/Tokyo")).toBe("UTC+09:00");
    expect(offset("2027-01-15T12:00:00Z", "America/St_Johns")).toBe("UTC-03:30");
  });
});
