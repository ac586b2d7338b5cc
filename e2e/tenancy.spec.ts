import { expect, test, type Browser } from "@playwright/test";
import { uniqueTag } from "./api/support";
import { consoleNav, demoOrganizationName, organizationIdByName, storageStatePath, type Role } from "./fixtures";
import { captureCreateProfile, replay } from "./server-actions";

// Tenancy (SPEC §2 rule 14): the owner and the administrator of Fjord Legal never see another
// organization. Crafted ids (another organization in ?org=, another organization's user in the
// path, in the export) answer not found, never forbidden, and nothing offers to switch.

const areas = ["/dashboard", "/users", "/profiles", "/sessions", "/devices", "/usage", "/audit", "/contract"];

/** Another organization's id and one of its users, looked up as the operator. */
async function otherOrganization(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStatePath("operator") });
  const page = await context.newPage();
  const organizationId = await organizationIdByName(page, "Northwind Archive");
  await page.goto(`/users?org=${organizationId}`);
  const userHref = await page.locator('main table a[href^="/users/"]').first().getAttribute("href");
  const userId = /\/users\/([0-9a-f-]{36})/.exec(userHref ?? "")![1]!;
  await context.close();
  return { organizationId, userId };
}

test.describe("as support", () => {
  test.use({ storageState: storageStatePath("support") });

  test("a server action naming an organization that doesn't exist answers not found", async ({ page, browser }) => {
    const captured = await captureCreateProfile(browser, "admin", `Tenancy source ${uniqueTag()}`);
    const crafted = captured.body.replace(
      /"organizationId":"[0-9a-f-]{36}"/,
      `"organizationId":"00000000-0000-4000-8000-000000000000"`,
    );
    const answer = await replay(page.request, captured, crafted);
    expect(answer).toContain("NOT_FOUND");
    expect(answer).toContain("That was not found.");
  });
});

for (const role of ["owner", "admin"] as const satisfies Role[]) {
  test.describe(`as the ${role} of ${demoOrganizationName}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test("another organization's id in ?org= and in paths answers not found", async ({ page, browser }) => {
      const other = await otherOrganization(browser);
      for (const area of areas) {
        await test.step(area, async () => {
          await page.goto(`${area}?org=${other.organizationId}`);
          await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
          await expect(page.getByText("Northwind Archive")).toHaveCount(0);
        });
      }
      await page.goto(`/users/${other.userId}`);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await page.goto(`/users/${other.userId}?org=${other.organizationId}`);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await page.goto(`/organizations/${other.organizationId}`);
      await expect(page.getByText("Northwind Archive")).toHaveCount(0);
      await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();

      const exported = await page.request.get(`/audit/export?org=${other.organizationId}`);
      expect(exported.status()).toBe(404);
      expect(await exported.text()).not.toContain("Northwind");
    });

    test("a server action aimed at another organization answers not found and changes nothing", async ({
      page,
      browser,
    }) => {
      const other = await otherOrganization(browser);
      const sourceName = `Tenancy source ${uniqueTag()}`;
      const craftedName = `Tenancy crafted ${uniqueTag()}`;
      const captured = await captureCreateProfile(browser, "admin", sourceName);
      const crafted = captured.body
        .replaceAll(sourceName, craftedName)
        .replace(/"organizationId":"[0-9a-f-]{36}"/, `"organizationId":"${other.organizationId}"`);
      expect(crafted).toContain(other.organizationId);

      const answer = await replay(page.request, captured, crafted);
      expect(answer).toContain("NOT_FOUND");
      expect(answer).toContain("That was not found.");
      expect(answer).not.toContain("FORBIDDEN");

      // The operator sees every organization: the profile exists in neither.
      const operator = await browser.newContext({ storageState: storageStatePath("operator") });
      const view = await operator.newPage();
      await view.goto(`/profiles?org=${other.organizationId}`);
      await expect(view.getByRole("heading", { level: 1, name: "Profiles" })).toBeVisible();
      await expect(view.getByText(craftedName)).toHaveCount(0);
      await operator.close();
      await page.goto("/profiles");
      await expect(page.getByText(sourceName)).toBeVisible();
      await expect(page.getByText(craftedName)).toHaveCount(0);
    });

    test("their own organization is the only one offered", async ({ page }) => {
      await page.goto("/dashboard");
      await expect(page.getByRole("main").getByText(demoOrganizationName).first()).toBeVisible();
      await expect(page.getByRole("link", { name: "Switch organization" })).toHaveCount(0);
      await expect(consoleNav(page).getByRole("link", { name: "Organizations" })).toHaveCount(0);
      // The area links carry no organization to tamper with.
      for (const link of await consoleNav(page).getByRole("link").all())
        expect(await link.getAttribute("href")).not.toContain("org=");
      await page.goto("/organizations?next=%2Fusers");
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Organizations" })).toHaveCount(0);
    });
  });
}
