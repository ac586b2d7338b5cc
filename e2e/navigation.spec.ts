import { expect, test } from "@playwright/test";
import { shot } from "./console-helpers";
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

test.describe("long tables as the owner", () => {
  test.use({ storageState: storageStatePath("owner") });

  test("keep their header row under the top bar while the page scrolls, overlapping nothing, at 1440 and 768 px", async ({
    page,
  }) => {
    for (const width of [1440, 768]) {
      await page.setViewportSize({ width, height: 800 });
      for (const area of ["users", "sessions", "audit", "denials"]) {
        await page.goto(`/${area}`);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        // Scrolled to the middle of the first long table: where its header row is, what is on top
        // at the middle of that row and of the top bar, and whether the page scrolls sideways.
        const seen = await page.evaluate(() => {
          const th = [...document.querySelectorAll("thead th")].find((t) => getComputedStyle(t).position === "sticky");
          if (!th) return null;
          const table = th.closest("table")!;
          window.scrollTo(0, table.getBoundingClientRect().top + window.scrollY + table.offsetHeight / 2);
          const bar = document.querySelector("header.sticky")!.getBoundingClientRect();
          const cell = th.getBoundingClientRect();
          const tableBox = table.getBoundingClientRect();
          const on = (x: number, y: number) => document.elementFromPoint(x, y);
          return {
            cellTop: cell.top,
            barBottom: bar.bottom,
            // Stuck when the table began above the bar and still goes on below its header.
            stuck: tableBox.top < bar.bottom && tableBox.bottom > bar.bottom + cell.height,
            tableTop: tableBox.top,
            headerOnTop: Boolean(on(cell.left + 4, cell.top + cell.height / 2)?.closest("thead")),
            barOnTop: Boolean(on(bar.left + bar.width / 2, bar.top + bar.height / 2)?.closest("header.sticky")),
            sideways: document.documentElement.scrollWidth > window.innerWidth,
          };
        });
        if (seen === null) {
          // Only an empty list has no header row to keep (the demo's live sessions come and go).
          await expect(page.locator("thead"), `${area} at ${width} px: a table without a sticky header`).toHaveCount(0);
          continue;
        }
        expect(seen!.barOnTop, `${area} at ${width} px: the top bar is on top`).toBe(true);
        expect(seen!.sideways, `${area} at ${width} px: no sideways page scroll`).toBe(false);
        if (seen!.stuck) {
          expect(
            Math.abs(seen!.cellTop - seen!.barBottom),
            `${area} at ${width} px: header under the bar`,
          ).toBeLessThan(1);
          expect(seen!.headerOnTop, `${area} at ${width} px: the header row is on top of the rows`).toBe(true);
        } else if (seen!.tableTop >= seen!.barBottom) {
          // Not scrolled under the bar: the header row stands in the table, below the bar. (A table
          // too short to reach past the bar pushes its header up with its last row, as it should.)
          expect(seen!.cellTop).toBeGreaterThanOrEqual(seen!.barBottom);
        }
        await shot(page, `sticky-header-${area}-${width}`, "viewport");
      }
    }
  });
});
