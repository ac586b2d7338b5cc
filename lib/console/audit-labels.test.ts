import { describe, expect, it } from "vitest";
import { auditActionLabel, auditTargetLabel } from "./audit-labels";

describe("audit codes in words", () => {
  it("names an action by its subject and verb", () => {
    expect(auditActionLabel("user.create")).toBe("User created");
    expect(auditActionLabel("profile.update")).toBe("Profile changed");
    expect(auditActionLabel("account.role_change")).toBe("Staff account role changed");
    expect(auditActionLabel("session.idle")).toBe("Session ended as idle");
    expect(auditActionLabel("refused")).toBe("Refused");
    expect(auditActionLabel("mfa.recovery_code.use")).toBe("Recovery code used");
  });

  it("names the actions whose codes are written in camelCase", () => {
    expect(auditActionLabel("pool.scheduledDecreaseCancelled")).toBe("Scheduled decrease cancelled");
    expect(auditActionLabel("apiKey.create")).toBe("API key created");
    expect(auditActionLabel("directoryGroup.members")).toBe("Directory group members changed");
    expect(auditActionLabel("user.bulkUpdate")).toBe("Users changed together");
    expect(auditActionLabel("session.seatRevoked")).toBe("Session ended: seat revoked");
  });

  it("falls back to the code's words, never to the raw code", () => {
    expect(auditActionLabel("widget.spin_round")).toBe("Widget spin round");
    expect(auditActionLabel("widget.spunAround")).toBe("Widget spun around");
  });

  it("names a target type", () => {
    expect(auditTargetLabel("console_action")).toBe("Console action");
    expect(auditTargetLabel("license_pool")).toBe("Licence pool");
    expect(auditTargetLabel("user")).toBe("User");
    expect(auditTargetLabel("some_new_thing")).toBe("Some new thing");
  });
});
