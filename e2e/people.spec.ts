import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkIn, mailInFolder } from "@/lib/testing/mail-server";
import { operatorToken, uniqueTag } from "./api/support";
import { storageStatePath } from "./fixtures";

// People get in without a shell: an operator invites owners (management API and console), an
// owner invites an admin who can't manage people, and a forgotten password is reset through the
// run's real SMTP server (scripts/e2e-mail-server.ts), whose messages are read from its folder.

const PASSWORD = "amber-canyon-whistle-73";

// Each test walks several people through several pages (argon2 hashing at every step).
test.describe.configure({ timeout: 180_000 });
const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}

const mailFolder = () => path.join(process.env.SEATKEEPER_E2E_DATA_DIR!, "mail");
const address = (who: string) => `${who}-${uniqueTag()}@people.e2e.test`;

async function newOrganization(page: Page) {
  const response = await page.request.post("/api/v1/manage/organizations", {
    headers: { authorization: `Bearer ${operatorToken()}` },
    data: { name: `People ${uniqueTag()}` },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { organization: { id: string; name: string } }).organization;
}

/** Opens an invitation link in a fresh browser, chooses a password and lands signed in. */
async function accept(browser: Browser, url: string, roleLabel: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: /^Join / })).toBeVisible();
  await expect(page.getByLabel("New password")).toBeFocused();
  await expectNoViolations(page, "the invitation page");
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByTestId("role-badge")).toHaveText(roleLabel);
  return page;
}

async function inviteInConsole(page: Page, email: string, role: "Owner" | "Admin") {
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Invite" }).click();
  const link = page.getByRole("status").filter({ has: page.getByTestId("link-once") });
  await expect(link).toBeFocused();
  return (await link.getByTestId("link-once").textContent())!;
}

test.describe("onboarding a customer", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("operator invites owners (API and console), an owner invites an admin who can't manage people", async ({
    page,
    browser,
  }) => {
    const organization = await newOrganization(page);

    // Through the management API, as a CRM would: the link comes back once and is also e-mailed.
    const apiOwner = address("api-owner");
    const invited = await page.request.post(`/api/v1/manage/organizations/${organization.id}/invitations`, {
      headers: { authorization: `Bearer ${operatorToken()}` },
      data: { email: apiOwner, role: "owner" },
    });
    expect(invited.status()).toBe(201);
    const { invitation, mail } = (await invited.json()) as { invitation: { url: string }; mail: string };
    expect(mail).toBe("sent");
    await expect.poll(() => mailInFolder(mailFolder(), apiOwner).length).toBe(1);
    expect(linkIn(mailInFolder(mailFolder(), apiOwner)[0]!, "/invite/")).toBe(invitation.url);
    const ownerPage = await accept(browser, invitation.url, "Owner");

    // Through the console's team page.
    await page.goto(`/team?org=${organization.id}`);
    await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
    await expectNoViolations(page, "the team page (operator)");
    const consoleOwner = address("console-owner");
    const consoleUrl = await inviteInConsole(page, consoleOwner, "Owner");
    await expect(page.getByText("The invitation was e-mailed.")).toBeVisible();
    await accept(browser, consoleUrl, "Owner");

    // A used link says so in a sentence, and is focused.
    await page.goto(consoleUrl);
    await expect(page.getByTestId("page-message")).toHaveText(/already been used/);
    await expect(page.getByTestId("page-message")).toBeFocused();
    await expectNoViolations(page, "a used invitation link");

    // The owner invites an admin from their own team page.
    await ownerPage.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Team" }).click();
    await expect(ownerPage.getByRole("table", { name: "Console accounts" })).toContainText(apiOwner);
    await expect(ownerPage.getByRole("table", { name: "Console accounts" })).toContainText(consoleOwner);
    const admin = address("admin");
    const adminUrl = await inviteInConsole(ownerPage, admin, "Admin");
    const adminPage = await accept(browser, adminUrl, "Admin");

    // The admin sees the list and changes nothing; vendor staff are not theirs to see.
    await adminPage.goto("/team");
    await expect(adminPage.getByRole("table", { name: "Console accounts" })).toContainText(admin);
    await expect(adminPage.getByRole("form", { name: "Invite someone" })).toHaveCount(0);
    await expect(adminPage.getByRole("combobox", { name: /^Role of / })).toHaveCount(0);
    await expect(adminPage.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
    await expectNoViolations(adminPage, "the team page (admin)");
    await adminPage.goto("/staff");
    await expect(adminPage.getByRole("heading", { name: "Not found" })).toBeVisible();
    await adminPage.goto(`/team?org=${crypto.randomUUID()}`);
    await expect(adminPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  });

  test("a revoked invitation link says so, and an owner can't remove the last owner", async ({ page, browser }) => {
    const organization = await newOrganization(page);
    const headers = { authorization: `Bearer ${operatorToken()}` };
    const base = `/api/v1/manage/organizations/${organization.id}/invitations`;
    const owner = address("owner");
    const created = await page.request.post(base, { headers, data: { email: owner, role: "owner" } });
    const first = (await created.json()) as { invitation: { url: string } };
    const ownerPage = await accept(browser, first.invitation.url, "Owner");

    const revoked = await page.request.post(base, { headers, data: { email: address("later"), role: "admin" } });
    const { invitation } = (await revoked.json()) as { invitation: { id: string; url: string } };
    expect((await page.request.delete(`${base}/${invitation.id}`, { headers })).status()).toBe(204);
    await page.goto(invitation.url);
    await expect(page.getByTestId("page-message")).toHaveText(/withdrawn/);

    await ownerPage.goto("/team");
    await ownerPage.getByRole("button", { name: `Remove ${owner}` }).click();
    await ownerPage.getByRole("button", { name: "Remove account" }).click();
    await expect(ownerPage.getByRole("alertdialog").or(ownerPage.getByRole("dialog"))).toContainText("last owner");
  });
});

test.describe("forgotten passwords", () => {
  test("an e-mailed link sets a new password and signs in; an unknown e-mail gets the same page and no message", async ({
    page,
    browser,
  }) => {
    // An account of its own, invited through the API.
    const organization = await newOrganization(page);
    const email = address("forgetful");
    const created = await page.request.post(`/api/v1/manage/organizations/${organization.id}/invitations`, {
      headers: { authorization: `Bearer ${operatorToken()}` },
      data: { email, role: "owner" },
    });
    const { invitation } = (await created.json()) as { invitation: { url: string } };
    await (await accept(browser, invitation.url, "Owner")).context().close();

    const unknown = address("nobody");
    const answers: string[] = [];
    for (const who of [unknown, email]) {
      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot password?" }).click();
      await expect(page.getByLabel("Email")).toBeFocused();
      await expectNoViolations(page, "the forgot-password page");
      await page.getByLabel("Email").fill(who);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByTestId("page-message")).toBeFocused();
      answers.push((await page.getByTestId("page-message").textContent())!);
    }
    expect(answers[0]).toBe(answers[1]);

    // The account's invitation was e-mailed too: the reset is the message about a password.
    const resetMails = () => mailInFolder(mailFolder(), email).filter((m) => m.subject.includes("password"));
    await expect.poll(() => resetMails().length).toBe(1);
    const message = resetMails()[0]!;
    expect(message.html).toContain("/reset/");
    expect(mailInFolder(mailFolder(), unknown)).toEqual([]);

    const url = linkIn(message, "/reset/")!;
    await page.goto(url);
    await expect(page.getByLabel("New password")).toBeFocused();
    await expectNoViolations(page, "the reset page");
    const newPassword = `${PASSWORD}-new`;
    await page.getByLabel("New password").fill(newPassword);
    await page.getByLabel("Repeat the password").fill(newPassword);
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await expect(page.getByTestId("role-badge")).toHaveText("Owner");
    await expect(page.getByTestId("signed-in-email")).toHaveText(email);

    // Used once: the link now says so.
    await page.goto(url);
    await expect(page.getByTestId("page-message")).toHaveText(/already been used/);
  });

  test("changing your own password on /account keeps you signed in", async ({ page, browser }) => {
    const organization = await newOrganization(page);
    const email = address("changer");
    const created = await page.request.post(`/api/v1/manage/organizations/${organization.id}/invitations`, {
      headers: { authorization: `Bearer ${operatorToken()}` },
      data: { email, role: "admin" },
    });
    const { invitation } = (await created.json()) as { invitation: { url: string } };
    const me = await accept(browser, invitation.url, "Admin");
    await me.getByRole("link", { name: "Account" }).click();
    await expect(me.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expectNoViolations(me, "the account page");
    await me.getByLabel("Current password").fill("not-my-password-1");
    await me.getByLabel("New password", { exact: true }).fill(`${PASSWORD}-2`);
    await me.getByLabel("Repeat the new password").fill(`${PASSWORD}-2`);
    await me.getByRole("button", { name: "Change password" }).click();
    await expect(me.getByLabel("Current password")).toBeFocused();
    await expect(me.getByText("The current password is not right.")).toBeVisible();
    await me.getByLabel("Current password").fill(PASSWORD);
    await me.getByRole("button", { name: "Change password" }).click();
    await expect(me.getByTestId("page-message")).toContainText("Your password was changed");
    await expect(me.getByTestId("role-badge")).toHaveText("Admin");
  });
});
