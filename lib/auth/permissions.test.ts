import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/licensing/actor";
import { can } from "./permissions";

const org = { organizationId: "org-a" };
const other = { organizationId: "org-b" };
const account = (role: "operator" | "support" | "owner" | "admin", organizationId: string | null = null): Actor => ({
  type: "account",
  id: "a1",
  label: "x@example.com",
  role,
  organizationId,
});

describe("can()", () => {
  it("lets operators do everything", () => {
    expect(can(account("operator"), "catalogue.manage")).toBe(true);
    expect(can(account("operator"), "users.manage", org)).toBe(true);
  });
  it("lets support staff read every organization and change nothing", () => {
    expect(can(account("support"), "read", org)).toBe(true);
    expect(can(account("support"), "read", other)).toBe(true);
    for (const action of [
      "users.manage",
      "capacity.change",
      "apiKeys.manage",
      "sessions.manage",
      "catalogue.manage",
    ] as const) {
      expect(can(account("support"), action, org)).toBe(false);
    }
  });
  it("lets owners change capacity and API keys of their own organization only", () => {
    const owner = account("owner", "org-a");
    expect(can(owner, "capacity.change", org)).toBe(true);
    expect(can(owner, "apiKeys.manage", org)).toBe(true);
    expect(can(owner, "capacity.change", other)).toBe(false);
    expect(can(owner, "users.manage", org)).toBe(false);
    expect(can(owner, "catalogue.manage")).toBe(false);
  });
  it("lets admins manage users, profiles, devices and sessions of their own organization only", () => {
    const admin = account("admin", "org-a");
    for (const action of ["users.manage", "profiles.manage", "devices.manage", "sessions.manage", "read"] as const) {
      expect(can(admin, action, org)).toBe(true);
      expect(can(admin, action, other)).toBe(false);
    }
    expect(can(admin, "capacity.change", org)).toBe(false);
  });
});
