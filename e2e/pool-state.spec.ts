import { expect, test } from "@playwright/test";
import { createProfile, createUser, ok, provision } from "./api/support";
import { shot } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// Pool state counts every holding (SPEC §5, rule 17), and every holders link lists exactly the
// holders. Each test provisions an organization of its own; support reads it.

test.use({ storageState: storageStatePath("support") });

const poolCard = (page: import("@playwright/test").Page, name: string) =>
  page.getByRole("list", { name: "Licence pools" }).getByRole("region", { name });
const banner = (page: import("@playwright/test").Page) => page.getByRole("region", { name: "Limit warnings" });

test("a pool whose devices are all activated is full on its card, in the banner and the vendor overview", async ({
  page,
  request,
}) => {
  const t = await provision(request, {
    app: { model: "concurrent", capacity: 1, activationsPerLicense: 2, name: "Field" },
  });
  for (const fingerprint of ["tablet-1", "tablet-2"])
    await ok(t.client.post("/api/v1/activations", { module: t.modules.app, fingerprint, platform: "mobile" }), 201);

  await page.goto(`/dashboard?org=${t.organization.id}`);
  const card = poolCard(page, t.moduleNames.app);
  await expect(card.getByText("Full", { exact: true })).toBeVisible();
  await expect(card.getByTestId("pool-devices")).toHaveText("2 of 2 (all used)");
  await expect(banner(page)).toContainText(`${t.moduleNames.app}: devices all used: 2 of 2`);
  await banner(page)
    .getByRole("link", { name: `See the ${t.moduleNames.app} devices` })
    .click();
  await expect(page).toHaveURL(/\/devices\?.*pool=[0-9a-f-]{36}.*live=yes/);
  const rows = page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);

  await page.goto(`/organizations?q=${encodeURIComponent(t.organization.name)}`);
  const row = page.getByRole("row").filter({ hasText: t.organization.name });
  // It says what is full (the devices, not the seats), and counts the pool under Full, not Near limit.
  await expect(row.getByText("Devices full")).toBeVisible();
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await expect(row.getByRole("cell").nth(5)).toHaveText("0");
});

test("the vendor overview follows the client API by itself, within 5 s, without a reload", async ({
  page,
  request,
}) => {
  const t = await provision(request, { desk: { model: "concurrent", capacity: 2, name: "Live Desk" } }, "Live");
  await page.goto(`/organizations?q=${encodeURIComponent(t.organization.name)}`);
  const row = page.getByRole("row").filter({ hasText: t.organization.name });
  await expect(row).toContainText("0 of 2");
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));

  const open = (deviceId: string) =>
    ok(t.client.post("/api/v1/sessions", { module: t.modules.desk, clientType: "desktop", deviceId }), 201);
  await open("pc-1");
  await expect(row).toContainText("1 of 2", { timeout: 5_000 });
  await open("pc-2");
  await expect(row.getByText("Sessions full")).toBeVisible({ timeout: 5_000 });
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
  await shot(page, "vendor-overview-live");
});

test("the banner's link lists exactly the users holding a full named pool's seats", async ({ page, request }) => {
  const t = await provision(request, { cm: { model: "named", capacity: 2, name: "Cases" } });
  const profile = await createProfile(t, "Lawyers", [t.modules.cm]);
  await createUser(t, { username: "holder-a", profileId: profile.id, credentials: "issued" });
  await createUser(t, { username: "holder-b", profileId: profile.id, credentials: "issued" });
  // Granted the module by the profile, but holding no seat (no credentials): not a holder.
  await createUser(t, { username: "no-seat-c", profileId: profile.id, credentials: "none" });

  await page.goto(`/dashboard?org=${t.organization.id}`);
  await banner(page)
    .getByRole("link", { name: `See the users holding ${t.moduleNames.cm} seats` })
    .click();
  await expect(page).toHaveURL(/[?&]seat=yes(&|$)/);
  const table = page.getByRole("table");
  await expect(table.getByRole("link", { name: "holder-a" })).toBeVisible();
  await expect(table.getByRole("link", { name: "holder-b" })).toBeVisible();
  await expect(table.getByText("no-seat-c")).toHaveCount(0);
});
