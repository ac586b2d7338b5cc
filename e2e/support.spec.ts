import { expect, test, type Page } from "@playwright/test";
import { uniqueTag } from "./api/support";
import { demoOrganizationName, organizationIdByName, storageStatePath } from "./fixtures";
import { captureCreateProfile, replay } from "./server-actions";

// Support staff (SPEC §2 rule 14): they read every organization, every page of it, and change
// nothing. The pages offer them no way to change anything, and a change they craft by hand (a
// replayed server-action request) is refused on the server and audited as refused.

test.use({ storageState: storageStatePath("support") });

const demoOrganizations = ["Northwind Archive", demoOrganizationName, "Basalt Engineering"];
const areas = [
  { path: "/dashboard", heading: "Dashboard" },
  { path: "/users", heading: "Users" },
  { path: "/profiles", heading: "Profiles" },
  { path: "/sessions", heading: "Sessions" },
  { path: "/devices", heading: "Devices" },
  { path: "/usage", heading: "Usage" },
  { path: "/audit", heading: "Audit log" },
  { path: "/contract", heading: "Contract" },
];

/** Button names that change something; none of them may show to support staff. */
const mutation =
  /^(new|create|add|edit|delete|remove|rename|revoke|end|import|change|suspend|resume|set|save|issue|deactivate|activate|assign|actions for|select)\b/i;

/** The ids of the demo organizations, from the organizations list. */
async function organizationIds(page: Page) {
  const ids: Record<string, string> = {};
  for (const name of demoOrganizations) ids[name] = await organizationIdByName(page, name);
  return ids;
}

async function expectNoMutationControls(page: Page) {
  await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main").getByRole("button", { name: mutation })).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("checkbox")).toHaveCount(0);
  for (const toggle of await page.getByRole("switch").all()) await expect(toggle).toBeDisabled();
}

// One test per organization: each opens nine pages, which stays well inside a test's time on a busy machine.
for (const name of demoOrganizations) {
  test(`support opens every page of ${name} and is offered no change`, async ({ page }) => {
    const id = await organizationIdByName(page, name);
    for (const area of areas) {
      await test.step(area.heading, async () => {
        await page.goto(`${area.path}?org=${id}`);
        await expect(page.getByRole("heading", { level: 1, name: area.heading })).toBeVisible();
        await expect(page.getByRole("main").getByText(name).first()).toBeVisible();
        await expectNoMutationControls(page);
      });
    }
    await test.step("contracts", async () => {
      await page.goto(`/organizations/${id}`);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      await expect(page.getByText("Read-only: operators manage contracts.")).toBeVisible();
      await expectNoMutationControls(page);
      await expect(page.getByRole("textbox")).toHaveCount(0);
    });
  });
}

test("support sees the catalogue and organizations read-only", async ({ page }) => {
  await page.goto("/catalogue");
  await expect(page.getByText("Read-only for your role.")).toBeVisible();
  await expectNoMutationControls(page);
  await page.goto("/organizations/new");
  await expect(page.getByText("Your role can look organizations up but not create them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create organization" })).toHaveCount(0);
  await page.goto("/organizations");
  await expect(page.getByRole("link", { name: "New organization" })).toHaveCount(0);
});

test("a server action replayed by support is refused on the server, changes nothing and is audited as refused", async ({
  page,
  browser,
}) => {
  const adminName = `Replay source ${uniqueTag()}`;
  const craftedName = `Crafted by support ${uniqueTag()}`;
  const captured = await captureCreateProfile(browser, "admin", adminName);

  const ids = await organizationIds(page);
  const refusals = `/audit?org=${ids[demoOrganizationName]}&actor=support%40seatkeeper.test&action=refused`;
  // Repeats of one refusal within a minute are counted on one row ("times: N").
  const rows = page.getByRole("table").getByRole("row").filter({ hasText: "profiles.manage" });
  const refusalCount = async () =>
    (await rows.allInnerTexts()).reduce((n, text) => n + Number(/times:\s*(\d+)/.exec(text)?.[1] ?? 1), 0);
  await page.goto(refusals);
  const before = await refusalCount();

  // The same request with support's cookies (page.request shares the signed-in context).
  const answer = await replay(page.request, captured, captured.body.replaceAll(adminName, craftedName));
  expect(answer).toContain("FORBIDDEN");
  expect(answer).toContain("Your role (support) can't do that here.");

  // Nothing changed: the profile does not exist…
  await page.goto(`/profiles?org=${ids[demoOrganizationName]}`);
  await expect(page.getByText(adminName)).toBeVisible();
  await expect(page.getByText(craftedName)).toHaveCount(0);
  // …and the refusal is in the organization's audit log, under the support account.
  await page.goto(refusals);
  await expect(rows.first()).toBeVisible();
  expect(await refusalCount()).toBe(before + 1);
  await expect(rows.first()).toContainText("support@seatkeeper.test");
  await expect(rows.first()).toContainText("Refused");
  await expect(rows.first()).toContainText("Console action");
});

test("a server action replayed by support for an organization that doesn't exist answers not found, not an error", async ({
  page,
  browser,
}) => {
  const sourceName = `Unknown organization source ${uniqueTag()}`;
  const captured = await captureCreateProfile(browser, "admin", sourceName);
  const crafted = captured.body.replace(
    /"organizationId":"[0-9a-f-]{36}"/,
    `"organizationId":"${crypto.randomUUID()}"`,
  );
  expect(crafted).not.toBe(captured.body);
  const answer = await replay(page.request, captured, crafted);
  expect(answer).toContain("NOT_FOUND");
  expect(answer).toContain("That was not found.");
});
