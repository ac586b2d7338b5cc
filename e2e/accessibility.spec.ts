import { expect, test, type Page } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { usersCsv } from "./console-helpers";
import { demoOrganizationName, organizationIdByName, storageStatePath, type Role } from "./fixtures";

// WCAG 2.1 AA: axe checks every console page for every role, the sign-in page
// and the main dialog states, and any violation fails the test with its rule and elements.

// With reduced motion a toast appears fully drawn (sonner drops its fade), so axe never measures
// one half-transparent, even when it shows up while axe is reading the page.
test.use({ reducedMotion: "reduce" });

/**
 * Opens a page, waits for its heading, checks that the skip link is the first focusable element
 * and runs axe. The sign-in page puts focus in its Email field, so one Shift+Tab goes back to it.
 */
async function checkPage(page: Page, url: string, startsInField = false) {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.keyboard.press(startsInField ? "Shift+Tab" : "Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await expectNoViolations(page, url);
}

const organizationPages = [
  "/dashboard",
  "/users",
  "/profiles",
  "/sessions",
  "/devices",
  "/usage",
  "/audit",
  "/denials",
  "/contract",
];

test("the sign-in page has a skip link and no WCAG 2.1 AA violations", async ({ page }) => {
  await checkPage(page, "/login", true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

for (const role of ["operator", "support", "owner", "admin"] as const satisfies Role[]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });
    const vendor = role === "operator" || role === "support";

    test("every organization page passes axe and starts with a skip link to the content", async ({ page }) => {
      test.slow();
      const org = vendor ? `?org=${await organizationIdByName(page, demoOrganizationName)}` : "";
      for (const path of organizationPages) await checkPage(page, `${path}${org}`);
      await page.goto(`/users${org}`);
      const firstUser = await page
        .getByRole("table", { name: "Users" })
        .locator("tbody a")
        .first()
        .getAttribute("href");
      await checkPage(page, firstUser!);
      await page.goto(`/usage${org}${org ? "&" : "?"}range=24h`);
      await expectNoViolations(page, "the 24 h usage view");
    });

    if (vendor)
      test("every vendor page passes axe", async ({ page }) => {
        test.slow();
        const id = await organizationIdByName(page, demoOrganizationName);
        for (const path of ["/organizations", `/organizations/${id}`, "/catalogue", "/catalogue/webhooks"])
          await checkPage(page, path);
        if (role === "operator") await checkPage(page, "/organizations/new");
      });
  });
}

test.describe("dialogs", () => {
  test.describe("as admin", () => {
    test.use({ storageState: storageStatePath("admin") });

    test("the new-user, import and new-profile dialogs and the bulk bar pass axe", async ({ page }) => {
      test.slow();
      await page.goto("/users");
      await page.getByRole("button", { name: "New user" }).click();
      await expect(page.getByRole("dialog", { name: "New user" })).toBeVisible();
      await expectNoViolations(page, "the new-user dialog");
      await page.keyboard.press("Escape");
      await expect(page.getByRole("button", { name: "New user" })).toBeFocused();

      await page.getByRole("button", { name: "Import CSV" }).click();
      const dialog = page.getByRole("dialog", { name: "Import users from CSV" });
      await dialog
        .getByLabel("CSV file")
        .setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(usersCsv([{ username: "" }])) });
      await expect(dialog.getByRole("status")).toBeVisible();
      await expectNoViolations(page, "the import dialog with its report");
      await page.keyboard.press("Escape");
      await expect(page.getByRole("button", { name: "Import CSV" })).toBeFocused();

      await page.getByRole("table", { name: "Users" }).getByRole("checkbox").nth(1).check();
      const bar = page.getByRole("region", { name: "Bulk actions" });
      await bar.getByLabel("Profile for the selected users").selectOption({ label: "Case handlers" });
      await expect(bar).toContainText("Moving them to Case handlers:");
      await expect(bar.getByText("Counting the licences this needs…")).toBeHidden();
      await expectNoViolations(page, "the bulk bar with a profile chosen");

      await page.goto("/profiles");
      await page.getByRole("button", { name: "New profile" }).click();
      await expect(page.getByRole("dialog", { name: "New profile" })).toBeVisible();
      await expectNoViolations(page, "the new-profile dialog");
    });
  });

  test.describe("as owner", () => {
    test.use({ storageState: storageStatePath("owner") });

    test("the capacity dialog and a created API key pass axe", async ({ page }) => {
      test.slow();
      await page.goto("/contract");
      await page.getByRole("button", { name: "Change capacity of Case Management" }).click();
      const capacity = page.getByRole("dialog", { name: "Change capacity: Case Management" });
      await capacity.getByLabel("New capacity").fill("26");
      await expectNoViolations(page, "the capacity dialog with its preview");
      await page.keyboard.press("Escape");
      await expect(page.getByRole("button", { name: "Change capacity of Case Management" })).toBeFocused();

      await page.getByRole("button", { name: "Create API key" }).click();
      const create = page.getByRole("dialog", { name: "Create API key" });
      const name = `a11y-${Date.now().toString(36)}`;
      await create.getByLabel("Name").fill(name);
      await create.getByRole("button", { name: "Create key" }).click();
      const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
      await expect(shown).toBeVisible();
      await expectNoViolations(page, "the created API key's secret");
      await shown.getByRole("button", { name: "I have stored it" }).click();
      await expect(page.getByRole("button", { name: "Create API key" })).toBeFocused();
    });
  });
});
