import { expect, test } from "@playwright/test";
import { provision } from "./api/support";
import { consoleNav, organizationIdByName, storageStatePath } from "./fixtures";

// SPEC §5: a not-found console page answers HTTP 404, and still says what was not found and where
// to go; another organization's objects are not found, exactly like unknown ids (rule 14).

const unknownId = "00000000-0000-4000-8000-000000000000";

async function expectNotFound(page: import("@playwright/test").Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
  await expect(page.getByText(/does not exist, or it belongs to an organization you cannot see/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the dashboard" })).toBeVisible();
}

test.describe("as Fjord Legal's administrator", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("another organization's pages, an unknown user and an unknown organization answer 404", async ({
    page,
    request,
  }) => {
    const other = await provision(request, { cad: { model: "concurrent", capacity: 1 } }, "Elsewhere");
    for (const area of ["dashboard", "users", "denials", "audit", "contract"])
      await expectNotFound(page, `/${area}?org=${other.organization.id}`);
    await expectNotFound(page, `/users/${unknownId}`);
    await expectNotFound(page, "/users/not-an-id");
    await expectNotFound(page, "/denials?org=all");
    await expectNotFound(page, "/audit?org=vendor");
    // The vendor's own areas don't exist for them.
    for (const path of [
      "/organizations",
      `/organizations/${other.organization.id}`,
      "/organizations/new",
      "/catalogue",
      "/catalogue/webhooks",
    ])
      await expectNotFound(page, path);
    // Their own pages still answer 200.
    expect((await page.goto("/users"))?.status()).toBe(200);
    expect((await page.goto("/denials"))?.status()).toBe(200);
  });
});

test.describe("an address no page answers, signed in", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("answers 404 inside the console's header and navigation, naming the address", async ({ page }) => {
    const response = await page.goto("/no-such-area/here?x=1");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText(
      "There is nothing at /no-such-area/here: the page does not exist, or it belongs to an organization you cannot see.",
    );
    await expect(page.getByTestId("role-badge")).toHaveText("Admin");
    await expect(page.getByRole("link", { name: "Go to the dashboard" })).toBeVisible();
    await consoleNav(page).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });
});

test.describe("as support", () => {
  test.use({ storageState: storageStatePath("support") });

  test("an unknown organization or another organization's user answers 404", async ({ page }) => {
    await expectNotFound(page, `/dashboard?org=${unknownId}`);
    await expectNotFound(page, `/organizations/${unknownId}`);
    const fjord = await organizationIdByName(page, "Fjord Legal");
    const northwind = await organizationIdByName(page, "Northwind Archive");
    await page.goto(`/users?org=${fjord}`);
    const userHref = await page.locator('main table a[href^="/users/"]').first().getAttribute("href");
    const userId = /\/users\/([0-9a-f-]{36})/.exec(userHref!)![1]!;
    expect((await page.goto(`/users/${userId}?org=${fjord}`))?.status()).toBe(200);
    await expectNotFound(page, `/users/${userId}?org=${northwind}`);
  });
});
