import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { generate } from "otplib";
import { signIn, storageStatePath } from "./fixtures";

// Multi-factor sign-in in a real Chromium: authenticator-app codes are computed here from the
// secret the page shows (otplib), passkeys come from Chromium's virtual authenticator (CDP).
// Each test signs in with an account of its own made for this run (scripts/e2e-mfa-accounts.ts).

type MfaAccounts = {
  password: string;
  organizationId: string;
  accounts: Record<"totp" | "recovery" | "passkey" | "removal" | "required", string>;
};
let read: MfaAccounts | undefined;
/** Read when a test runs: the server writes the file as it starts, after the specs are listed. */
const mfaAccounts = () =>
  (read ??= JSON.parse(fs.readFileSync(path.join(process.env.SEATKEEPER_E2E_DATA_DIR!, "mfa-accounts.json"), "utf8")));

// Each test signs in several times and enrols on a shared, busy machine.
test.describe.configure({ timeout: 150_000 });

const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** A code for the step `stepsAhead` steps from now: one step ahead is accepted, and is never one already used. */
const codeFor = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

async function expectInConsole(page: Page) {
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId("role-badge")).toBeVisible();
}

/** Enrols an authenticator app from the security page; answers its secret and the recovery codes shown once. */
async function enrolAuthenticator(page: Page) {
  await page.goto("/account/security");
  await page.getByRole("link", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("heading", { name: "Set up an authenticator app" })).toBeVisible();
  await expect(page.getByLabel("Code from the app")).toBeFocused();
  await expectNoViolations(page, "the authenticator set-up page");
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill("123456".replace(/./g, "0"));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText(/That code doesn't match/).first()).toBeVisible();
  await page.getByLabel("Code from the app").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeFocused();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

test("an authenticator app is enrolled, and sign-in then asks for its code before any console page", async ({
  page,
  browser,
}) => {
  await signIn(page, mfaAccounts().accounts.totp, mfaAccounts().password);
  await expectInConsole(page);
  await expectNoViolations(page, "the security page");
  const { secret } = await enrolAuthenticator(page);
  await signOut(page);

  await signIn(page, mfaAccounts().accounts.totp, mfaAccounts().password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await expect(page.getByLabel("Code from your authenticator app")).toBeFocused();
  await expectNoViolations(page, "the second-factor step");
  // No console session yet: a console page sends the browser back to sign in.
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?/);
  await page.goto("/login/verify");
  await page.getByLabel("Code from your authenticator app").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#code-error")).toHaveText(/That code is not right/);
  await expect(page.getByLabel("Code from your authenticator app")).toBeFocused();
  await page.getByLabel("Code from your authenticator app").fill(await codeFor(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expectInConsole(page);
  await signOut(page);

  // The staff page shows it on; an operator resets it (the person lost their phone), and the
  // password alone signs in again.
  const email = mfaAccounts().accounts.totp;
  const operator = await browser.newContext({ storageState: storageStatePath("operator") });
  const staff = await operator.newPage();
  await staff.goto("/staff");
  const row = staff.getByRole("row").filter({ hasText: email });
  await expect(row.getByRole("cell", { name: "On", exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Reset MFA for ${email}` }).click();
  await staff.getByRole("dialog").getByRole("button", { name: "Reset MFA" }).click();
  await expect(row.getByRole("cell", { name: "Off", exact: true })).toBeVisible();
  await operator.close();
  await signIn(page, email, mfaAccounts().password);
  await expectInConsole(page);
});

test("a recovery code signs in once and is refused the second time", async ({ page }) => {
  await signIn(page, mfaAccounts().accounts.recovery, mfaAccounts().password);
  await expectInConsole(page);
  const { codes } = await enrolAuthenticator(page);
  await page.getByRole("link", { name: "Back to sign-in security" }).click();
  await signOut(page);

  for (const attempt of ["first", "second"] as const) {
    await signIn(page, mfaAccounts().accounts.recovery, mfaAccounts().password);
    await expect(page).toHaveURL(/\/login\/verify/);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    if (attempt === "first") {
      await expectInConsole(page);
      await signOut(page);
    } else {
      await expect(page.locator("#code-error")).toHaveText(
        /That recovery code is not right, or it has been used already/,
      );
      await expect(page).toHaveURL(/\/login\/verify/);
    }
  }
});

test("a passkey is registered, then signs in as a second factor and without a password", async ({ page }) => {
  await addVirtualAuthenticator(page);
  await signIn(page, mfaAccounts().accounts.passkey, mfaAccounts().password);
  await expectInConsole(page);
  await page.goto("/account/security");
  await page.getByLabel("Name for the passkey").fill("Virtual key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeFocused();
  await expect(page.getByRole("list", { name: "Your passkeys" })).toContainText("Virtual key");
  await signOut(page);

  // Second factor after the password.
  await signIn(page, mfaAccounts().accounts.passkey, mfaAccounts().password);
  await expect(page).toHaveURL(/\/login\/verify/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expectInConsole(page);
  await signOut(page);

  // Password-less.
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expectInConsole(page);
  await page.goto("/account/security");
  await expect(page.getByText(/last used/)).toBeVisible();
});

test("an account whose organization requires MFA enrols right after the password and reaches nothing else first", async ({
  page,
}) => {
  await signIn(page, mfaAccounts().accounts.required, mfaAccounts().password);
  await expect(page).toHaveURL(/\/login\/enrol/);
  await expect(page.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
  await expect(page.getByLabel("Code from the app")).toBeFocused();
  await expectNoViolations(page, "the enrolment step");
  for (const url of ["/dashboard", "/users", "/account/security"]) {
    await page.goto(url);
    await expect(page).toHaveURL(/\/login\?/);
  }
  await page.goto("/login/enrol");
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeFocused();
  await page.getByRole("button", { name: "Continue to the console" }).click();
  await expectInConsole(page);
  await expect(page.getByTestId("role-badge")).toHaveText("Owner");
});

test("removing a factor needs a second factor proven in this session", async ({ page }) => {
  await signIn(page, mfaAccounts().accounts.removal, mfaAccounts().password);
  await expectInConsole(page);
  const { codes } = await enrolAuthenticator(page);
  await page.getByRole("link", { name: "Back to sign-in security" }).click();
  // This session signed in with the password alone: the removal is refused until it confirms.
  await page.getByRole("button", { name: "Remove the authenticator app" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: /Confirm it's you first/ });
  await expect(refusal).toBeVisible();
  await expectNoViolations(page, "the security page with a refusal");
  await page.getByLabel("Code from your authenticator app, or a recovery code").fill(codes[1]!);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByText(/Confirmed: for the next few minutes/)).toBeVisible();
  await page.getByRole("button", { name: "Remove the authenticator app" }).click();
  await expect(page.getByRole("link", { name: "Set up an authenticator app" })).toBeVisible();
});
