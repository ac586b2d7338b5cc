import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Caller, createProfile, createUser, dayFromToday, ok, operatorToken, uniqueTag } from "./api/support";
import { storageStatePath } from "./fixtures";

// SPEC §5 "who is over" (rule 5): an over-limit pool names the holders beyond its limit, most
// recently granted first, on the dashboard, on Users (a badge and the filter "over limit", in the
// URL) and on Profiles. Support reads an organization of the test's own.

test.use({ storageState: storageStatePath("support") });

/**
 * Four users granted a Cases seat one after the other (ann, bob, cy, dee), and eve who holds none;
 * the contract is then renewed with two licences, so the pool holds 4 of 2: dee and cy are over.
 */
async function overLimitOrganization(request: APIRequestContext) {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const mod = { key: `cases-${tag}`, name: `Cases ${tag}` };
  await ok(manage.post("/api/v1/manage/modules", mod), 201);
  const { organization } = await ok<{ organization: { id: string; name: string; siteId: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Over ${tag}` }),
    201,
  );
  const { contract } = await ok<{ contract: { id: string } }>(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      startsAt: dayFromToday(-30),
      pools: [{ module: mod.key, model: "named", capacity: 4 }],
    }),
    201,
  );
  const tenant = {
    tag,
    organization,
    contract,
    modules: { cases: mod.key },
    moduleNames: { cases: mod.name },
    manage,
    client: manage,
    apiKey: { id: "", name: "", secret: "" },
  };
  const office = await createProfile(tenant, "Office", [mod.key]);
  const field = await createProfile(tenant, "Field", [mod.key]);
  for (const [username, profile] of [
    ["ann", office],
    ["bob", field],
    ["cy", office],
    ["dee", field],
  ] as const)
    await createUser(tenant, { username, profileId: profile.id, credentials: "issued" });
  await createUser(tenant, { username: "eve", profileId: null, credentials: "issued" });
  await ok(manage.patch(`/api/v1/manage/contracts/${contract.id}`, { endsAt: dayFromToday(-1) }));
  await ok(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      pools: [{ module: mod.key, model: "named", capacity: 2 }],
    }),
    201,
  );
  return { organization, mod };
}

const userRows = (page: Page) =>
  page
    .getByRole("main")
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

/** The row of one user, by the link of its name (an email or a tag may contain another's name). */
const userRow = (page: Page, name: string) =>
  userRows(page).filter({ has: page.getByRole("link", { name, exact: true }) });

async function expectUsers(page: Page, names: string[]) {
  await expect(userRows(page)).toHaveCount(names.length);
  for (const name of names) await expect(userRow(page, name)).toHaveCount(1);
}

test("the dashboard names who is beyond the limit, most recently granted first, and links to them", async ({
  page,
  request,
}) => {
  const { organization, mod } = await overLimitOrganization(request);
  await page.goto(`/dashboard?org=${organization.id}`);
  const banner = page.getByRole("region", { name: "Limit warnings" });
  await expect(banner).toContainText(`${mod.name} is over its limit: 4 of 2.`);
  const names = banner.getByTestId("over-holders");
  await expect(names).toContainText("Beyond the limit, most recent first: dee, cy");

  await names.getByRole("link", { name: "dee", exact: true }).click();
  await expect(page).toHaveURL(/\/users\/[0-9a-f-]{36}\?org=/);
  await expect(page.getByRole("heading", { level: 1, name: "dee" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Seats held" })).toHaveText(`${mod.name}over limit`);

  await page.goBack();
  await banner.getByRole("link", { name: "every user over the limit" }).click();
  await expect(page).toHaveURL(/[?&]over=yes(&|$)/);
  await expectUsers(page, ["cy", "dee"]);
});

test("Users shows a badge on each user over the limit, and the filter 'over limit' lists exactly them", async ({
  page,
  request,
}) => {
  const { organization, mod } = await overLimitOrganization(request);
  await page.goto(`/users?org=${organization.id}`);
  await expectUsers(page, ["ann", "bob", "cy", "dee", "eve"]);
  for (const name of ["cy", "dee"]) {
    const badge = userRow(page, name).getByText("over limit");
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute("title", `Beyond the limit of ${mod.name}`);
  }
  for (const name of ["ann", "bob", "eve"]) await expect(userRow(page, name).getByText("over limit")).toHaveCount(0);

  const seats = page.getByRole("combobox", { name: "Seats", exact: true });
  await seats.selectOption({ label: "Over limit" });
  await expect(page).toHaveURL(/[?&]over=yes(&|$)/);
  await expectUsers(page, ["cy", "dee"]);
  // The filter lives in the URL: a reload keeps it.
  await page.reload();
  await expect(seats).toHaveValue("over");
  await expectUsers(page, ["cy", "dee"]);
  // Another choice of the filter replaces it.
  await seats.selectOption({ label: "Holds a seat" });
  await expect(page).toHaveURL(/[?&]seat=yes(&|$)/);
  await expect(page).not.toHaveURL(/[?&]over=/);
  await expectUsers(page, ["ann", "bob", "cy", "dee"]);
  // The URL also answers the opposite, for a link or a bookmark.
  await page.goto(`/users?org=${organization.id}&over=no`);
  await expectUsers(page, ["ann", "bob", "eve"]);
});

test("Profiles names the holders beyond the limit of its pools, and each profile's own", async ({ page, request }) => {
  const { organization, mod } = await overLimitOrganization(request);
  await page.goto(`/profiles?org=${organization.id}`);
  const summary = page.getByLabel("Named pools");
  await expect(summary).toContainText(`${mod.name}: 4 of 2 seats in use, over the limit.`);
  await expect(summary.getByTestId("over-holders")).toHaveText("Beyond the limit, most recent first: dee, cy");
  const office = page.getByRole("region", { name: "Office" });
  const field = page.getByRole("region", { name: "Field" });
  await expect(office.getByTestId("over-holders")).toHaveText("Members beyond the limit: cy");
  await expect(field.getByTestId("over-holders")).toHaveText("Members beyond the limit: dee");
  await field.getByTestId("over-holders").getByRole("link", { name: "dee" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "dee" })).toBeVisible();
});
