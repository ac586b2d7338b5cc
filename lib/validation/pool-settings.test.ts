import { describe, expect, it } from "vitest";
import { poolSettingFields } from "./pool-setting-fields";
import { poolSettingsFormInput } from "./pool-settings";

const profileId = "6f1c1f7e-1d0e-4a8e-9c7e-2b1d2f3a4b5c";
const issues = (input: unknown) => {
  const r = poolSettingsFormInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("the contract page's pool settings form (rule 25)", () => {
  it("reads empty inputs as off: no idle timeout, no borrowing (of all seats), nothing reserved, no maximum", () => {
    expect(
      poolSettingsFormInput.parse({
        idleTimeoutMinutes: "",
        maxBorrowHours: "",
        borrowPercent: "",
        reservations: [{ profileId, reserved: "", max: "" }],
      }),
    ).toEqual({
      idleTimeoutMinutes: null,
      maxBorrowHours: 0,
      borrowPercent: 100,
      reservations: [{ profileId, reserved: 0, max: null }],
    });
  });

  it("reads numbers from the inputs' strings", () => {
    expect(
      poolSettingsFormInput.parse({
        idleTimeoutMinutes: "30",
        maxBorrowHours: "72",
        borrowPercent: "25",
        reservations: [{ profileId, reserved: "2", max: "4" }],
      }),
    ).toEqual({
      idleTimeoutMinutes: 30,
      maxBorrowHours: 72,
      borrowPercent: 25,
      reservations: [{ profileId, reserved: 2, max: 4 }],
    });
  });

  it("names the field and its bounds for a bad value", () => {
    expect(issues({ idleTimeoutMinutes: "0", borrowPercent: "101", reservations: [] })).toEqual([
      ["idleTimeoutMinutes", "The idle timeout must be between 1 and 10,080 minutes"],
      ["borrowPercent", "The share of seats that may be borrowed must be between 0 and 100%"],
    ]);
    expect(issues({ idleTimeoutMinutes: "", reservations: [{ profileId: "", reserved: "x", max: "-1" }] })).toEqual([
      ["reservations.0.profileId", "Choose a profile"],
      ["reservations.0.reserved", "The reserved seats must be a number"],
      ["reservations.0.max", "The profile's maximum must be between 0 and 1,000,000"],
    ]);
  });

  it("has a field for every declared setting", () => {
    for (const f of poolSettingFields) expect(Object.keys(poolSettingsFormInput.shape)).toContain(f.name);
  });
});
