import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { openedSession, provision } from "./api/support";
import { storageStatePath } from "./fixtures";

// The usage history shows the samples the running server records (every 15 s), per pool, with
// the right-sizing answer in words, a chart, a time range kept in the URL and a CSV export.

test.use({ storageState: storageStatePath("support") });

async function organizationId(page: Page, name: string) {
  await page.goto(`/organizations?q=${encodeURIComponent(name)}&next=%2Fusage`);
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/usage\?org=[0-9a-f-]{36}/);
  return new URL(page.url()).searchParams.get("org")!;
}

const poolCard = (page: Page, moduleName: string) => page.getByRole("region", { name: moduleName });

test("shows each pool's peak against capacity in words and as a chart, from recorded samples", async ({ page }) => {
  const org = await organizationId(page, "Basalt Engineering");
  await page.goto(`/usage?org=${org}&range=24h`);
  await expect(page.getByRole("link", { name: "24 hours" })).toHaveAttribute("aria-current", "page");

  const enterprise = poolCard(page, "Enterprise Server");
  // Sampled at start-up and every 15 s since: the demo's named seats are in the history.
  await expect(enterprise.getByTestId("right-sizing")).toHaveText(/^Peak \d+ of 8 in the last 24 hours — /);
  await expect(enterprise.getByRole("term").filter({ hasText: "Peak in use" })).toBeVisible();
  await expect(enterprise.getByRole("definition").first()).toHaveText(/^\d+$/);
  await expect(
    enterprise
      .getByRole("img", { name: "Enterprise Server: peak and average in use against capacity" })
      .getByRole("application"),
  ).toBeVisible();
  await expect(enterprise.getByRole("img", { name: "Enterprise Server: denials over time" })).toBeVisible();
});

test("keeps the time range in the URL", async ({ page }) => {
  const org = await organizationId(page, "Basalt Engineering");
  await page.goto(`/usage?org=${org}`);
  const ranges = page.getByRole("navigation", { name: "Time range" });
  await expect(ranges.getByRole("link", { name: "30 days" })).toHaveAttribute("aria-current", "page");
  await ranges.getByRole("link", { name: "12 months" }).click();
  await expect(page).toHaveURL(new RegExp(`/usage\\?org=${org}&range=12mo$`));
  await expect(poolCard(page, "Field App").getByTestId("right-sizing")).toHaveText(/in the last 12 months/);
});

test("exports the series as CSV, one row per pool and bucket", async ({ page }) => {
  const org = await organizationId(page, "Basalt Engineering");
  await page.goto(`/usage?org=${org}&range=24h`);
  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toBe(`/usage/export?org=${org}&range=24h`);

  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  expect(res.headers()["content-disposition"]).toMatch(
    /attachment; filename="usage-BE-3001-24h-\d{4}-\d{2}-\d{2}\.csv"/,
  );
  const { data, meta } = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true });
  expect(meta.fields).toEqual([
    "bucket_start_utc",
    "module",
    "module_name",
    "model",
    "capacity",
    "peak_in_use",
    "average_in_use",
    "denials",
  ]);
  const enterprise = data.filter((r) => r.module === "enterprise");
  expect(enterprise).toHaveLength(144);
  expect(enterprise.some((r) => r.peak_in_use !== "" && r.capacity === "8")).toBe(true);
});

test("another organization's export answers not found to an owner", async ({ page, browser }) => {
  const basalt = await organizationId(page, "Basalt Engineering");
  const owner = await browser.newContext({ storageState: storageStatePath("owner") });
  const res = await owner.request.get(`/usage/export?org=${basalt}&range=30d`);
  expect(res.status()).toBe(404);
  await owner.close();
});

test("a new pool's first sample shows as a dot, with a data-since note and time at the limit in minutes", async ({
  page,
  request,
}) => {
  // A fresh organization whose one concurrent licence is in use: the sampler's first sample (within
  // 15 s) is the only one of its 24 hours, taken at the limit.
  const tenant = await provision(request, { desk: { model: "concurrent", capacity: 1, name: "Desk" } }, "Usage");
  await openedSession(tenant.client, { module: tenant.modules.desk, clientType: "desktop", deviceId: "pc-1" });
  const card = poolCard(page, tenant.moduleNames.desk);
  await expect
    .poll(
      async () => {
        await page.goto(`/usage?org=${tenant.organization.id}&range=24h`);
        return card.getByTestId("data-since").count();
      },
      { timeout: 45_000 },
    )
    .toBe(1);
  await expect(card.getByTestId("data-since")).toHaveText(/^Data since \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC\./);
  await expect(card.getByTestId("right-sizing")).toHaveText(
    /^Peak 1 of 1 in the last 24 hours — at the limit for about \d+ minutes?: consider more licences\.$/,
  );
  const usage = card.getByRole("img", { name: `${tenant.moduleNames.desk}: peak and average in use against capacity` });
  await expect(usage.getByTestId("sample-dot").first()).toBeVisible();
  await expect(card.getByRole("img", { name: `${tenant.moduleNames.desk}: denials over time` })).toBeVisible();
});
