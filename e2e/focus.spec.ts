import { expect, test } from "@playwright/test";
import { toast, uniqueTag } from "./console-helpers";
import { storageStatePath } from "./fixtures";
import { expectFocusKept } from "./focus";

// SPEC §5: focus never drops to the page body. Every form and dialog is driven to success,
// refusal and Escape, and focus is checked after each. Changes made here carry unique names, or
// are refusals that change nothing, so the tests run beside the others on the demo's data.

test.describe("as the owner", () => {
  test.use({ storageState: storageStatePath("owner") });

  test("the capacity dialog: a refused Change now (Enter), then Escape", async ({ page }) => {
    await page.goto("/contract");
    const open = page.getByRole("button", { name: "Change capacity of Document Management" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "Change capacity: Document Management" });
    const capacity = dialog.getByLabel("New capacity");
    // Outside the pool's bounds: the server refuses, nothing changes, and focus is on the field
    // the refusal is about. The preview says "outside the bounds" before the server answers, so
    // the wait is for the server's own sentence under the field.
    await capacity.fill("100000");
    await capacity.press("Enter");
    await expect(capacity).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByText(/the capacity must be between/i)).toBeVisible();
    await expect(capacity).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expectFocusKept(page);
    await expect(open).toBeFocused();
  });

  test("the capacity dialog: Escape while Change now is on its way closes it once answered", async ({ page }) => {
    await page.goto("/contract");
    const open = page.getByRole("button", { name: "Change capacity of Document Management" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "Change capacity: Document Management" });
    await dialog.getByLabel("New capacity").fill("100000");
    await dialog.getByLabel("New capacity").press("Enter");
    // Pressed at once, while the refusal is still on its way: not swallowed.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
  });

  test("an API key: created, its secret stored, revoked; Escape on the form", async ({ page }) => {
    const name = `Focus key ${uniqueTag()}`;
    await page.goto("/contract");
    const create = page.getByRole("button", { name: "Create API key" });
    await create.click();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Create API key" })).toBeHidden();
    await expect(create).toBeFocused();

    await create.click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Name")).toBeFocused();

    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await expect(shown).toBeHidden();
    await expectFocusKept(page);

    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke API key “${name}”?` });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    await expectFocusKept(page);
  });
});

test.describe("as the administrator", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("new user: refused (fields), created, and Escape", async ({ page }) => {
    const username = uniqueTag("focus");
    await page.goto("/users");
    const open = page.getByRole("button", { name: "New user" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "New user" });
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Username")).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    await open.click();
    await dialog.getByLabel("Username").fill(username);
    await dialog.getByLabel("Email").fill(`${username}@e2e.test`);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(toast(page, "User created.")).toBeVisible();
    await expect(dialog).toBeHidden();
    await expectFocusKept(page);
  });

  test("a profile's modules: Cancel and Escape put focus back on the switch, Save keeps it off the body", async ({
    page,
  }) => {
    const name = uniqueTag("Focus profile");
    await page.goto("/profiles");
    await page.getByRole("button", { name: "New profile" }).click();
    const dialog = page.getByRole("dialog", { name: "New profile" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create profile" }).click();
    await expect(dialog).toBeHidden();
    await expectFocusKept(page);

    const card = page.getByRole("region", { name });
    const toggle = card.getByRole("switch").first();
    await toggle.click();
    await card.getByRole("button", { name: "Cancel" }).click();
    await expect(card.getByRole("button", { name: "Save modules" })).toBeHidden();
    await expect(toggle).toBeFocused();

    await toggle.click();
    await expect(card.getByRole("button", { name: "Save modules" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(card.getByRole("button", { name: "Save modules" })).toBeHidden();
    await expect(toggle).toBeFocused();

    await toggle.click();
    await card.getByRole("button", { name: "Save modules" }).click();
    await expect(toast(page, `${name}: modules saved.`)).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expectFocusKept(page);
  });
});

test.describe("as the operator", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("the organization and plan forms: refusals focus the field or the sentence", async ({ page }) => {
    await page.goto("/organizations/new");
    const organization = page
      .locator("form")
      .filter({ has: page.getByRole("button", { name: "Create organization" }) });
    await organization.getByLabel("Name").fill(uniqueTag("Focus org"));
    await organization.getByLabel("Site ID (optional)").fill("FJ-2001");
    await organization.getByRole("button", { name: "Create organization" }).click();
    await expect(organization.getByLabel("Site ID (optional)")).toHaveAttribute("aria-invalid", "true");
    await expect(organization.getByLabel("Site ID (optional)")).toBeFocused();

    await page.goto("/catalogue");
    const plan = page.getByRole("form", { name: "Create plan" });
    await plan.getByLabel("Plan name").fill(uniqueTag("Focus plan"));
    await plan.getByLabel("Included").fill("2");
    await plan.getByLabel("Maximum").fill("1");
    await plan.getByRole("button", { name: "Create plan" }).click();
    await expect(plan.getByRole("alert")).toBeVisible();
    await expectFocusKept(page);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("form")?.getAttribute("aria-label") ?? null))
      .toBe("Create plan");
  });
});
