import { expect, test } from "@playwright/test";
import { demoAccounts, GENERIC_SIGN_IN_REFUSAL, signIn, signInAs } from "./fixtures";

test.describe("signed out", () => {
  test("a visit to /users lands on the sign-in page", async ({ page }) => {
    await page.goto("/users");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  });

  test("a wrong password is refused with the generic sentence and not echoed back", async ({ page }) => {
    await signIn(page, demoAccounts.support.email, "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(GENERIC_SIGN_IN_REFUSAL);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("Email")).toHaveValue(demoAccounts.support.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("an unknown email gets the same sentence as a wrong password", async ({ page }) => {
    await signIn(page, "nobody@seatkeeper.test", demoAccounts.support.password);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(GENERIC_SIGN_IN_REFUSAL);
  });

  test("a callbackUrl with a tab before another host still lands on the dashboard", async ({ page }) => {
    const account = demoAccounts.support;
    await page.goto("/login?callbackUrl=%2F%09%2Fevil.example%2Fphish");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/dashboard/);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signInAs(page, "admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });
});
