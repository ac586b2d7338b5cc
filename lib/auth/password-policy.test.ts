import { describe, expect, it } from "vitest";
import { demoAccounts } from "@/lib/runtime/demo-data";
import { passwordProblem } from "./password-policy";

describe("the console password policy", () => {
  it.each([
    ["ten spaces and more", " ".repeat(12), /only spaces/],
    ["tabs and newlines only", "\t\n\t\n\t\n\t\n\t\n\t\n", /only spaces/],
    ["eleven characters", "kx7-vq2-mpl", /at least 12 characters/],
    ["the email", "Owner@Fjord.test", /not be the account's email/],
    ["a common password", "password1234", /too common/],
    ["a keyboard walk", "qwertyuiop12", /too common/],
    ["a repeated character", "aaaaaaaaaaaaaaaa", /too common/],
  ])("refuses %s", (_, password, message) => {
    expect(passwordProblem(password, "owner@fjord.test")).toMatch(message);
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblem("quiet-harbour-lantern-41", "owner@fjord.test")).toBeNull();
  });

  it("accepts every demo password printed in README and by the seeder", () => {
    for (const account of demoAccounts) expect(passwordProblem(account.password, account.email)).toBeNull();
  });
});
