import { describe, expect, it } from "vitest";
import { deviceCookieName, deviceCookieValue, trustedDevice } from "./device-cookie";

const secret = "device-cookie-test-secret-of-32-characters";

describe("device cookies", () => {
  it("names the device only for the account and secret it was signed for", () => {
    const value = deviceCookieValue(secret, "Anna@Example.com", "device-1");
    expect(trustedDevice(secret, "anna@example.com", value)).toBe("device-1");
    expect(trustedDevice(secret, "other@example.com", value)).toBeNull();
    expect(trustedDevice(`${secret}-rotated`, "anna@example.com", value)).toBeNull();
    expect(trustedDevice(secret, "anna@example.com", value.replace("device-1", "device-2"))).toBeNull();
    expect(trustedDevice(secret, "anna@example.com", undefined)).toBeNull();
    expect(trustedDevice(secret, "anna@example.com", "garbage")).toBeNull();
  });

  it("keeps one cookie per account without naming the email", () => {
    expect(deviceCookieName("anna@example.com")).toBe(deviceCookieName(" ANNA@example.com"));
    expect(deviceCookieName("anna@example.com")).not.toBe(deviceCookieName("ben@example.com"));
    expect(deviceCookieName("anna@example.com")).not.toContain("anna");
  });
});
