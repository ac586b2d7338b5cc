import { expect, test } from "@playwright/test";
import { demoAccounts, everywhereAccount, GENERIC_SIGN_IN_REFUSAL, signIn, signInAs } from "./fixtures";

test.describe("signed out", () => {
  test("a visit to /users lands on the sign-in page", async ({ page }) => {
    await page.goto("/users");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  });

  test("the sign-in page offers no single sign-on when none is configured", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    // "Sign in with a passkey" is always offered; no identity provider is.
    await expect(page.getByRole("button", { name: /^Sign in with (?!a passkey)/ })).toHaveCount(0);
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

  test("after five failed attempts an unknown email is asked to wait, as a known one would be", async ({ page }) => {
    // A client address of its own (the e2e server trusts X-Forwarded-For), so no other spec is slowed.
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}` });
    const email = `nobody-${Date.now()}@seatkeeper.test`;
    for (let i = 0; i < 5; i++) {
      await signIn(page, email, "not-the-password");
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(GENERIC_SIGN_IN_REFUSAL);
    }
    await signIn(page, email, "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      /^Too many sign-in attempts\. Try again in \d+ s\.$/,
    );
  });

  test("a callbackUrl with a tab before another host still lands on the dashboard", async ({ page }) => {
    // An organization's admin: vendor staff are sent on to choose an organization first.
    const account = demoAccounts.admin;
    await page.goto("/login?callbackUrl=%2F%09%2Fevil.example%2Fphish");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/dashboard/);
  });

  test("sign-out ends the session on the server: the old cookie no longer works", async ({ page, browser }) => {
    await signInAs(page, "admin");
    const cookies = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);

    // A copy of the cookie taken before signing out (as a thief would keep it) is refused too.
    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const stolen = await replay.newPage();
    await stolen.goto("/users");
    await expect(stolen).toHaveURL(/\/login/);
    await replay.close();
  });

  test("sign out everywhere ends the account's sessions in every browser", async ({ page, browser }) => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    for (const p of [page, otherPage]) {
      await signIn(p, everywhereAccount.email, everywhereAccount.password);
      await expect(p.getByTestId("role-badge")).toHaveText("Support");
    }
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out everywhere…" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
    // Asked first: Cancel keeps every session.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await otherPage.reload();
    await expect(otherPage.getByTestId("role-badge")).toHaveText("Support");
    await page.getByRole("button", { name: "Sign out everywhere…" }).click();
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/login/);
    await otherPage.goto("/organizations");
    await expect(otherPage).toHaveURL(/\/login/);
    await other.close();
  });
});
