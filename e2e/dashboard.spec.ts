import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ok, openSession, operatorToken, provision } from "./api/support";
import { expectNoViolations } from "./axe";
import { organizationIdByName, storageStatePath } from "./fixtures";

// The organization dashboard is live: sessions opened through the client API show up, and the
// limit banner appears, without reloading the page. These tests drive the demo's Northwind
// Archive pools (nobody else's specs fill them) one after another, and close what they open.

type LicensePool = { module: string; capacity: number; limit: number; inUse: number };
type OrganizationUsage = { contracts: { id: string; status: string; pools: LicensePool[] }[] };

/**
 * A client of the organization's contract that holds the module, with an API key of its own made
 * through the management API (the run's operator token), and that pool as the client API sees it.
 */
async function clientFor(request: APIRequestContext, organizationId: string, module: string) {
  const manage = { authorization: `Bearer ${operatorToken()}` };
  const usage = (await (
    await request.get(`/api/v1/manage/organizations/${organizationId}/usage`, { headers: manage })
  ).json()) as OrganizationUsage;
  const contract = usage.contracts.find((c) => c.status === "active" && c.pools.some((p) => p.module === module));
  if (!contract) throw new Error(`No active contract of ${organizationId} holds the module ${module}.`);
  const created = await request.post(`/api/v1/manage/contracts/${contract.id}/api-keys`, {
    headers: manage,
    data: { name: `e2e dashboard ${Date.now()}` },
  });
  expect(created.status()).toBe(201);
  const headers = { authorization: `Bearer ${((await created.json()) as { secret: string }).secret}` };
  const { pools } = (await (await request.get("/api/v1/license", { headers })).json()) as { pools: LicensePool[] };
  const pool = pools.find((p) => p.module === module)!;
  const opened: string[] = [];
  return {
    pool,
    /** Opens a session; answers the HTTP status (201 opened, 409 limit reached). */
    open: async (deviceId: string) => {
      const r = await request.post("/api/v1/sessions", { headers, data: { module, clientType: "desktop", deviceId } });
      if (r.status() === 201) opened.push(((await r.json()) as { session: { id: string } }).session.id);
      return r.status();
    },
    closeAll: async () => {
      for (const id of opened.splice(0))
        expect((await request.delete(`/api/v1/sessions/${id}`, { headers })).status()).toBe(204);
    },
  };
}

async function openDashboardOf(page: Page, organization: string) {
  await page.goto(`/organizations?q=${encodeURIComponent(organization)}`);
  await page.getByRole("link", { name: organization }).click();
  await expect(page).toHaveURL(/\/dashboard\?org=[0-9a-f-]{36}/);
  return new URL(page.url()).searchParams.get("org")!;
}

const poolCard = (page: Page, moduleName: string) =>
  page.getByRole("list", { name: "Licence pools" }).getByRole("region", { name: moduleName });
const banner = (page: Page) => page.getByRole("region", { name: "Limit warnings" });

/** Marks the document, so a test can prove the page was never reloaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
}
async function expectSameDocument(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
}

test.describe("live organization dashboard", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ storageState: storageStatePath("operator") });

  test("a session opened through the client API shows within seconds, without reloading", async ({ page, request }) => {
    const archive = await clientFor(request, await organizationIdByName(page, "Northwind Archive"), "archive");
    try {
      await openDashboardOf(page, "Northwind Archive");
      const card = poolCard(page, "Archive");
      await expect(card.getByTestId("pool-in-use")).toHaveText(/\d+ of 5 used/);
      await markDocument(page);
      const before = Number((await card.getByTestId("pool-live-sessions").textContent()) ?? "0");
      const inUse = Number(((await card.getByTestId("pool-in-use").textContent()) ?? "").split(" ")[0]);
      // The card's sparkline says in words what its line shows: the day's peak against the
      // capacity, at a time of day in Northwind's zone, and what is held now.
      const sparkline = card.getByRole("img", { name: /^Last 24 h:/ });
      await expect(sparkline).toHaveAccessibleName(
        new RegExp(`^Last 24 h: peak \\d+ of 5 at \\d{2}:\\d{2}, now ${inUse}$`),
      );
      await expectNoViolations(page, "the dashboard with its sparklines");

      expect(await archive.open(`e2e-dashboard-${Date.now()}`)).toBe(201);
      await expect(card.getByTestId("pool-in-use")).toHaveText(`${inUse + 1} of 5 used`, { timeout: 5_000 });
      await expect(card.getByTestId("pool-live-sessions")).toHaveText(String(before + 1));
      await expect(sparkline).toHaveAccessibleName(new RegExp(`, now ${inUse + 1}$`));
      const peak = Number(/peak (\d+)/.exec((await sparkline.getAttribute("aria-label")) ?? "")![1]);
      expect(peak).toBeGreaterThanOrEqual(inUse + 1);
      await expect
        .poll(async () => Number(await card.getByTestId("pool-today-peak").textContent()))
        .toBeGreaterThanOrEqual(inUse + 1);

      await archive.closeAll();
      await expect(card.getByTestId("pool-in-use")).toHaveText(`${inUse} of 5 used`, { timeout: 5_000 });
      await expect(sparkline).toHaveAccessibleName(new RegExp(`, now ${inUse}$`));
      await expectSameDocument(page);
    } finally {
      await archive.closeAll();
    }
  });

  test("a pool filled to its limit appears in the banner with a link to its sessions, and leaves it when freed", async ({
    page,
    request,
  }) => {
    const erp = await clientFor(request, await organizationIdByName(page, "Northwind Archive"), "erp");
    try {
      const org = await openDashboardOf(page, "Northwind Archive");
      const card = poolCard(page, "ERP Core");
      await expect(card).toBeVisible();
      await markDocument(page);

      // Open sessions until the client API answers SESSION_LIMIT_REACHED: the pool is full.
      let status = 201;
      for (let i = 0; status === 201 && i <= erp.pool.limit; i++)
        status = await erp.open(`e2e-banner-${Date.now()}-${i}`);
      expect(status).toBe(409);

      await expect(card.getByTestId("pool-in-use")).toHaveText(`${erp.pool.limit} of ${erp.pool.limit} used`);
      await expect(card.getByText("Full", { exact: true })).toBeVisible();
      await expect(card.getByTestId("pool-denials")).not.toHaveText("0");
      await expect(banner(page)).toContainText(`ERP Core is full: ${erp.pool.limit} of ${erp.pool.limit}`);
      const link = banner(page).getByRole("link", { name: "See the live ERP Core sessions" });
      await expect(link).toHaveAttribute("href", new RegExp(`^/sessions\\?org=${org}&pool=[0-9a-f-]{36}$`));

      await erp.closeAll();
      await expect(card.getByTestId("pool-in-use")).not.toHaveText(`${erp.pool.limit} of ${erp.pool.limit} used`);
      await expect(page.getByRole("region", { name: "Limit warnings" }).getByText("ERP Core")).toHaveCount(0);
      await expectSameDocument(page);
    } finally {
      await erp.closeAll();
    }
  });
});

test.describe("over limit", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("withdrawing the overage under running sessions is refused, naming them, and the pool stays full", async ({
    page,
    request,
  }) => {
    // A contract of its own: capacity 2 with 50 % overage lets 3 sessions in.
    const t = await provision(request, {
      desk: { model: "concurrent", capacity: 2, overagePercent: 50, name: "Overage Desk" },
    });
    for (let i = 0; i < 3; i++)
      await ok(openSession(t.client, { module: t.modules.desk, clientType: "desktop", deviceId: `over-${i}` }), 201);

    await page.goto(`/dashboard?org=${t.organization.id}`);
    const card = poolCard(page, t.moduleNames.desk);
    await expect(card.getByTestId("pool-in-use")).toHaveText("3 of 3 used");
    await expect(banner(page)).toContainText(`${t.moduleNames.desk} is full: 3 of 3`);
    await markDocument(page);

    // Rule 19: the limit can't go below the sessions holding it; the refusal names them.
    const res = await t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.desk}`, {
      overagePercent: 0,
    });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { error: { code: string; holders: { label: string }[] } };
    expect(body.error.code).toBe("CAPACITY_BELOW_USAGE");
    expect(body.error.holders.map((h) => h.label).sort()).toEqual([
      "anonymous on over-0",
      "anonymous on over-1",
      "anonymous on over-2",
    ]);
    await page.reload();
    await expect(card.getByTestId("pool-in-use")).toHaveText("3 of 3 used");
    await expect(banner(page)).toContainText(`${t.moduleNames.desk} is full: 3 of 3`);
  });
});

test.describe("background tab", () => {
  test.use({ storageState: storageStatePath("owner") });

  test("the dashboard stops refreshing while its tab is hidden and resumes when it is shown", async ({ page }) => {
    const refreshes: number[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/dashboard/data") refreshes.push(Date.now());
    });
    // The page's timers run on a clock the test can move, so hidden time passes without waiting.
    await page.clock.install();
    await page.goto("/dashboard");
    await expect.poll(() => refreshes.length, { timeout: 10_000 }).toBeGreaterThan(0);

    // What the browser does when the person switches tabs.
    const setVisibility = (state: "hidden" | "visible") =>
      page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
        Object.defineProperty(document, "hidden", { configurable: true, get: () => value === "hidden" });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    const before = refreshes.length;
    await page.clock.runFor(10_000); // more than three refresh intervals, every timer fired
    // Request events arrive in order: once this one is seen, any refresh the timers sent was too.
    await Promise.all([page.waitForRequest("**/api/health"), page.evaluate(() => fetch("/api/health"))]);
    expect(refreshes.length).toBe(before);

    await setVisibility("visible");
    const shownAt = Date.now();
    await expect.poll(() => refreshes.filter((t) => t >= shownAt).length, { timeout: 8_000 }).toBeGreaterThan(0);
  });
});

test.describe("named pools", () => {
  test.use({ storageState: storageStatePath("owner") });

  test("the owner sees Case Management at its warning threshold, linked to the users holding its seats", async ({
    page,
  }) => {
    await page.goto("/dashboard");
    const card = poolCard(page, "Case Management");
    await expect(card.getByTestId("pool-in-use")).toHaveText(/\d+ of 10 used/);
    await expect(card).toContainText("ends in");
    const link = banner(page).getByRole("link", { name: "See the users holding Case Management seats" });
    await expect(link).toHaveAttribute("href", /^\/users\?org=[0-9a-f-]{36}&module=case-management&seat=yes$/);
  });

  test("the dashboard data of another organization answers not found", async ({ page, browser }) => {
    const vendor = await browser.newContext({ storageState: storageStatePath("support") });
    const northwind = await openDashboardOf(await vendor.newPage(), "Northwind Archive");
    await vendor.close();
    expect((await page.request.get(`/dashboard/data?org=${northwind}`)).status()).toBe(404);
    const own = await page.request.get("/dashboard/data");
    expect(own.status()).toBe(200);
    expect(((await own.json()) as { pools: unknown[] }).pools.length).toBeGreaterThan(0);
  });
});

test.describe("vendor overview", () => {
  test.use({ storageState: storageStatePath("support") });

  test("searches by name or site ID and opens the organization's dashboard", async ({ page }) => {
    await page.goto("/organizations");
    const table = page.getByRole("table", { name: "Organizations" });
    await expect(table.getByRole("link", { name: "Fjord Legal" })).toBeVisible();

    await page.getByRole("searchbox", { name: /Search organizations/ }).fill("BE-3001");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=BE-3001/);
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("link", { name: "Basalt Engineering" })).toBeVisible();

    await page.goto("/organizations?q=no-such-organization-anywhere");
    await expect(page.getByText("No organization matches")).toBeVisible();

    await page.goto("/organizations?q=fjord");
    await page.getByRole("link", { name: "Fjord Legal" }).click();
    await expect(page).toHaveURL(/\/dashboard\?org=[0-9a-f-]{36}$/);
    await expect(poolCard(page, "Case Management")).toBeVisible();
  });

  test("lists an organization with a pool near or over its limit before one whose pools are all normal", async ({
    page,
  }) => {
    // Other specs add organizations in parallel, so the list may have several pages: read them all
    // (narrowed by a search both names match: "al" in "Legal" and "Basalt").
    const names: string[] = [];
    for (let n = 1; n <= 50; n++) {
      await page.goto(`/organizations?q=al&page=${n}`);
      const links = page
        .getByRole("table", { name: "Organizations" })
        .locator("tbody tr td:first-child a:first-of-type");
      await expect(links.first()).toBeVisible();
      names.push(...(await links.allTextContents()));
      if ((await page.getByRole("link", { name: "Next" }).count()) === 0) break;
    }
    expect(names).toContain("Fjord Legal");
    expect(names).toContain("Basalt Engineering");
    // Fjord Legal's Case Management sits at its warning threshold; Basalt's pools are well below theirs.
    expect(names.indexOf("Fjord Legal")).toBeLessThan(names.indexOf("Basalt Engineering"));
  });
});

test.describe("plain words", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("a pool card says what holds its seats and names this month's API connects; a lost server shows a stale-data banner", async ({
    page,
    request,
  }) => {
    const t = await provision(request, {
      desk: { model: "concurrent", capacity: 2, apiConnectsPerLicense: 5, name: "Words Desk" },
    });
    await page.goto(`/dashboard?org=${t.organization.id}`);
    const card = poolCard(page, t.moduleNames.desk);
    await expect(card).toContainText("seats held by live sessions");
    const month = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(
      new Date(),
    );
    await expect(card).toContainText(`API connects this month (${month})`);
    await expect(page.getByTestId("live-paused")).toHaveCount(0);

    // The server stops answering the live data: a banner says the figures may be stale.
    const liveData = (url: URL) => url.pathname === "/dashboard/data";
    await page.route(liveData, (route) => route.abort());
    const paused = page.getByRole("alert").filter({ hasText: "Live updates paused" });
    await expect(paused).toContainText("The figures below may be stale", { timeout: 30_000 });
    await page.unroute(liveData);
    await expect(paused).toBeHidden({ timeout: 30_000 });
  });
});
