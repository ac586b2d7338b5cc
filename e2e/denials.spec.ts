import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { createProfile, createUser, ok, provision, refused } from "./api/support";
import { storageStatePath } from "./fixtures";

// Support explains every refusal (SPEC §5 "Denials"): each refused request is a row (when, pool,
// user or device, client type, code, sentence), reached from the dashboard's count, the usage
// chart and the user page, filtered in the URL, keyset-paged, exported, and answered by the
// management API. Each test provisions an organization of its own through the management API.

test.use({ storageState: storageStatePath("support") });

/** An organization with a concurrent pool of one seat, held, and Ada who is refused on it. */
async function refusedOrganization(request: Parameters<typeof provision>[0]) {
  const t = await provision(request, { cad: { model: "concurrent", capacity: 1, name: "Denials CAD" } }, "Denials");
  const profile = await createProfile(t, "Designers", [t.modules.cad]);
  const ada = await createUser(t, { username: "Ada", profileId: profile.id, credentials: "issued" });
  await ok(
    t.client.post("/api/v1/sessions", { module: t.modules.cad, clientType: "desktop", deviceId: "holder" }),
    201,
  );
  const refusal = await refused(
    t.client.post("/api/v1/sessions", {
      module: t.modules.cad,
      clientType: "web",
      deviceId: "ada-laptop",
      username: "Ada",
    }),
    409,
    "SESSION_LIMIT_REACHED",
  );
  return { t, ada, refusal };
}

const denialRows = (page: Page) =>
  page
    .getByRole("table", { name: "Denials" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

test("the dashboard's denial count opens the pool's denials: who, device, client type, code and sentence", async ({
  page,
  request,
}) => {
  const { t, refusal } = await refusedOrganization(request);
  await page.goto(`/dashboard?org=${t.organization.id}`);
  const card = page.getByRole("list", { name: "Licence pools" }).getByRole("region", { name: t.moduleNames.cad });
  await card.getByRole("link", { name: /1 denials in the last 24 hours/ }).click();
  await expect(page).toHaveURL(/\/denials\?org=[0-9a-f-]{36}&pool=[0-9a-f-]{36}&from=\d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole("heading", { level: 1, name: "Denials" })).toBeVisible();
  await expect(denialRows(page)).toHaveCount(1);
  const row = denialRows(page).first();
  await expect(row).toContainText(t.moduleNames.cad);
  await expect(row).toContainText("Ada");
  await expect(row).toContainText("ada-laptop");
  await expect(row).toContainText("web");
  await expect(row).toContainText("SESSION_LIMIT_REACHED");
  await expect(row).toContainText(refusal.message);
});

test("filters by code, user, device and dates live in the URL, and the CSV holds what the filter shows", async ({
  page,
  request,
}) => {
  const { t } = await refusedOrganization(request);
  await refused(
    t.client.post("/api/v1/sessions", { module: "no-such-module", clientType: "api", deviceId: "robot-7" }),
    404,
    "MODULE_NOT_LICENSED",
  );
  await page.goto(`/denials?org=${t.organization.id}`);
  await expect(denialRows(page)).toHaveCount(2);

  const form = page.getByRole("form", { name: "Filter denials" });
  await form.getByLabel("Code").selectOption("MODULE_NOT_LICENSED");
  await form.getByRole("button", { name: "Apply filter" }).click();
  await expect(page).toHaveURL(/[?&]code=MODULE_NOT_LICENSED(&|$)/);
  await expect(denialRows(page)).toHaveCount(1);
  await expect(denialRows(page).first()).toContainText("robot-7");

  await page.goto(`/denials?org=${t.organization.id}&user=ada`);
  await expect(denialRows(page)).toHaveCount(1);
  await expect(denialRows(page).first()).toContainText("ada-laptop");
  await page.goto(`/denials?org=${t.organization.id}&device=robot-7`);
  await expect(denialRows(page)).toHaveCount(1);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/denials?org=${t.organization.id}&from=${tomorrow}`);
  await expect(page.getByText("No denials match this filter")).toBeVisible();

  await page.goto(`/denials?org=${t.organization.id}&device=robot-7`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync(await download.path(), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data).toEqual([
    expect.objectContaining({ device: "robot-7", clientType: "api", code: "MODULE_NOT_LICENSED" }),
  ]);
});

test("pages older and newer by keyset, fifty at a time", async ({ page, request }) => {
  const { t } = await refusedOrganization(request);
  for (let i = 0; i < 55; i++)
    await refused(
      t.client.post("/api/v1/sessions", { module: t.modules.cad, clientType: "desktop", deviceId: `crowd-${i}` }),
      409,
      "SESSION_LIMIT_REACHED",
    );
  await page.goto(`/denials?org=${t.organization.id}`);
  await expect(page.getByTestId("denials-total")).toHaveText("56 denials");
  await expect(denialRows(page)).toHaveCount(50);
  await expect(denialRows(page).first()).toContainText("crowd-54");
  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/[?&]before=/);
  await expect(denialRows(page)).toHaveCount(6);
  await expect(denialRows(page).last()).toContainText("ada-laptop");
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newer" }).click();
  await expect(denialRows(page)).toHaveCount(50);
  await expect(denialRows(page).first()).toContainText("crowd-54");
});

test("a refusal short in two modules is a denial on each pool", async ({ page, request }) => {
  const t = await provision(request, {
    cm: { model: "named", capacity: 1, name: "Cases" },
    fin: { model: "named", capacity: 1, name: "Finance" },
  });
  const both = await createProfile(t, "Both", [t.modules.cm, t.modules.fin]);
  await createUser(t, { username: "first", profileId: both.id, credentials: "issued" });
  await refused(
    t.manage.post(`/api/v1/manage/organizations/${t.organization.id}/users`, {
      username: "second",
      email: `second@${t.tag}.test`,
      profileId: both.id,
      credentials: "issued",
    }),
    409,
    "INSUFFICIENT_LICENSES",
  );
  await page.goto(`/denials?org=${t.organization.id}`);
  await expect(denialRows(page)).toHaveCount(2);
  // The Pool column (second): one row on each pool, the same sentence on both.
  const pools = await denialRows(page).locator("td:nth-child(2)").allInnerTexts();
  expect(pools.sort()).toEqual([t.moduleNames.cm, t.moduleNames.fin].sort());
});

test("the user page and the usage chart link to their denials; the management API answers the same list", async ({
  page,
  request,
}) => {
  const { t, ada } = await refusedOrganization(request);
  await page.goto(`/users/${ada.id}?org=${t.organization.id}`);
  const denials = page.getByRole("region", { name: "Denials of this user" });
  await expect(denials).toContainText("SESSION_LIMIT_REACHED");
  await denials.getByRole("link", { name: "All denials of Ada" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]user=${ada.id}`));
  await expect(denialRows(page)).toHaveCount(1);

  // The usage page shows a pool once the sampler (every 15 s) has recorded it.
  const chartLink = page.getByRole("link", { name: "See the 1 denial behind the red bars" });
  await expect(async () => {
    await page.goto(`/usage?org=${t.organization.id}`);
    await expect(chartLink).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  await chartLink.click();
  await expect(page).toHaveURL(/\/denials\?.*pool=/);
  await expect(denialRows(page)).toHaveCount(1);

  const api = await ok<{ denials: { username: string; deviceId: string; code: string }[]; nextCursor: null }>(
    t.manage.get(`/api/v1/manage/organizations/${t.organization.id}/denials?user=${ada.id}`),
  );
  expect(api.denials).toEqual([
    expect.objectContaining({ username: "Ada", deviceId: "ada-laptop", code: "SESSION_LIMIT_REACHED" }),
  ]);
  expect(api.nextCursor).toBeNull();
  await refused(
    t.manage.get(`/api/v1/manage/organizations/${t.organization.id}/denials?from=yesterday`),
    400,
    "VALIDATION_FAILED",
  );
});

test("support sees every organization's denials on one list", async ({ page, request }) => {
  const { t } = await refusedOrganization(request);
  await page.goto(`/denials?org=all&device=ada-laptop`);
  await expect(page.getByRole("heading", { level: 1, name: "Denials in every organization" })).toBeVisible();
  await expect(denialRows(page).filter({ hasText: t.organization.name })).toHaveCount(1);
});
