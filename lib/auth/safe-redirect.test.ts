import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("where sign-in sends the browser", () => {
  it.each([
    ["/users?status=active", "/users?status=active"],
    ["/dashboard#pools", "/dashboard#pools"],
    ["/audit/../users", "/users"],
    ["/users%2F%2Fevil.example", "/users%2F%2Fevil.example"],
  ])("keeps the path of this site %j", (value, expected) => {
    expect(safeRedirectPath(value)).toBe(expected);
  });

  it.each([
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\/evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r\n/evil.example/phish",
    "/\\\\evil.example",
    "/\t\\evil.example",
    "https://evil.example/phish",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /users",
    "",
  ])("falls back to the dashboard for %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/dashboard");
  });

  it("falls back to the dashboard for what is not a string", () => {
    expect(safeRedirectPath(null)).toBe("/dashboard");
    expect(safeRedirectPath(undefined)).toBe("/dashboard");
  });

  it("keeps an encoded double slash encoded, so the browser stays on this site", () => {
    expect(safeRedirectPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(new URL(safeRedirectPath("/%2F%2Fevil.example"), "http://localhost").host).toBe("localhost");
  });

  it("refuses the decoded form of the reported callbackUrl (%2F%09%2Fevil.example%2Fphish)", () => {
    expect(safeRedirectPath(decodeURIComponent("%2F%09%2Fevil.example%2Fphish"))).toBe("/dashboard");
  });
});
