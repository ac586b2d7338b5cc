import { expect, test } from "@playwright/test";
import {
  consoleNav,
  demoAccounts,
  demoOrganizationName,
  organizationAreas,
  storageStatePath,
  vendorAreas,
  type Role,
} from "./fixtures";

for (const role of ["owner", "admin"] as const satisfies Role[]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test("sees the organization's areas and no vendor areas", async ({ page }) => {
      await page.goto("/dashboard");
      await expect(page.getByTestId("signed-in-email")).toHaveText(demoAccounts[role].email);
      await expect(page.getByTestId("role-badge")).toHaveText(demoAccounts[role].roleLabel);
      const nav = consoleNav(page);
      for (const area of organizationAreas)
        await expect(nav.getByRole("link", { name: area, exact: true })).toBeVisible();
      for (const area of vendorAreas) await expect(nav.getByRole("link", { name: area, exact: true })).toHaveCount(0);
      await expect(page.getByText(demoOrganizationName).first()).toBeVisible();
    });

    test("gets not-found for another organization and for the vendor pages", async ({ page }) => {
      await page.goto(`/users?org=${crypto.randomUUID()}`);
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await page.goto("/organizations");
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    });
  });
}

for (const role of ["operator", "support"] as const satisfies Role[]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test("sees the vendor areas and opens an organization's pages from the list", async ({ page }) => {
      await page.goto("/organizations");
      await expect(page.getByTestId("role-badge")).toHaveText(demoAccounts[role].roleLabel);
      const nav = consoleNav(page);
      for (const area of [...vendorAreas, ...organizationAreas]) {
        await expect(nav.getByRole("link", { name: area, exact: true })).toBeVisible();
      }
      // Other specs add organizations in parallel: search, so the demo's is on the first page.
      await page.getByRole("searchbox", { name: "Search organizations by name or site ID" }).fill(demoOrganizationName);
      await page.getByRole("searchbox").press("Enter");
      await page
        .getByRole("table", { name: "Organizations" })
        .getByRole("link", { name: demoOrganizationName, exact: true })
        .click();
      await expect(page).toHaveURL(/\/dashboard\?org=/);
      await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

      // The chosen organization stays selected when moving between areas.
      await nav.getByRole("link", { name: "Users", exact: true }).click();
      await expect(page).toHaveURL(/\/users\?org=/);
      await expect(page.getByText(demoOrganizationName).first()).toBeVisible();

      // On the organization's own page the console's navigation is the only one, and leads to its areas.
      const org = new URL(page.url()).searchParams.get("org")!;
      await page.goto(`/organizations/${org}`);
      await expect(page.getByRole("heading", { level: 1, name: demoOrganizationName })).toBeVisible();
      await expect(page.getByRole("navigation")).toHaveCount(1);
      await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveAttribute("href", `/users?org=${org}`);
    });

    test("is asked to choose an organization for an organization page", async ({ page }) => {
      await page.goto("/users");
      await expect(page).toHaveURL(/\/organizations\?next=%2Fusers/);
      await expect(page.getByRole("main").getByRole("status")).toContainText("Choose an organization");
    });
  });
}

test("/favicon.ico answers with an icon", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/icon/);
});
