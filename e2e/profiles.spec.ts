import { expect, test, type Page } from "@playwright/test";
import { availableSeats, importUsers, shot, toast, uniqueTag } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// The Profiles area as the administrator of the demo's Fjord Legal (SPEC §5).
// Each test makes its own profile and members; none of them takes a seat, so the demo's pools
// stay as other specs expect them.

test.use({ storageState: storageStatePath("admin") });

const profileCard = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const moduleSwitch = (page: Page, moduleName: string, profile: string) =>
  page.getByRole("switch", { name: `${moduleName} for ${profile}` });
const NO_MODULES = "no modules: members keep their login and hold no licence";

async function createProfile(page: Page, name: string) {
  await page.goto("/profiles");
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog", { name: "New profile" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(toast(page, "Profile created.")).toBeVisible();
  await expect(dialog).toBeHidden();
}

/** "5 seats held by members" under one module of one profile. */
async function seatsHeld(page: Page, profile: string, moduleName: string) {
  const item = profileCard(page, profile).getByRole("listitem").filter({ hasText: moduleName });
  const text = await item.innerText();
  return Number(/(\d+) seats? held by members/.exec(text)![1]);
}

test("a profile without modules is allowed and explained; adding a module shows its licence impact before it saves", async ({
  page,
}) => {
  const name = uniqueTag("Profile");
  await createProfile(page, name);
  const card = profileCard(page, name);
  await expect(card).toContainText(`0 members · ${NO_MODULES}`);
  await expect(moduleSwitch(page, "Case Management", name)).toHaveAttribute("aria-checked", "false");

  // Names are unique whatever their case; the refusal sits under the field.
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog", { name: "New profile" });
  await dialog.getByLabel("Name").fill(name.toLowerCase());
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAccessibleDescription(
    `A profile named "${name.toLowerCase()}" already exists.`,
  );
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // Two members without credentials: they hold no seat, whatever the profile grants.
  await importUsers(page, [
    { username: `${name}-a`, profile: name },
    { username: `${name}-b`, profile: name },
  ]);
  await page.goto("/profiles");
  await expect(card).toContainText(`2 members · ${NO_MODULES}`);

  await moduleSwitch(page, "Case Management", name).click();
  const impact = card.getByRole("status", { name: "Licence impact" });
  await expect(impact).toHaveText("No licence is needed for this change.");
  await expect(card).not.toContainText(NO_MODULES);
  await card.getByRole("button", { name: "Save modules" }).click();
  await expect(toast(page, `${name}: modules saved.`)).toBeVisible();
  await page.reload();
  await expect(moduleSwitch(page, "Case Management", name)).toHaveAttribute("aria-checked", "true");
  await expect(card).toContainText("2 members");
  expect(await seatsHeld(page, name, "Case Management")).toBe(0);

  // Taking every module away again is allowed: the members keep their login.
  await moduleSwitch(page, "Case Management", name).click();
  await expect(card).toContainText(NO_MODULES);
  await card.getByRole("button", { name: "Save modules" }).click();
  await expect(toast(page, `${name}: modules saved.`)).toBeVisible();
  await page.reload();
  await expect(moduleSwitch(page, "Case Management", name)).toHaveAttribute("aria-checked", "false");
});

test("a module its members can't all be seated in shows the shortage first, and can't be saved: nothing changes", async ({
  page,
}) => {
  const name = uniqueTag("Short");
  const members = (await availableSeats(page, "Case Management")) + 2;
  await createProfile(page, name);
  await importUsers(
    page,
    Array.from({ length: members }, (_, i) => ({
      username: `${name}-${i + 1}`,
      profile: name,
      status: "active" as const,
      credentials: "issued" as const,
    })),
  );
  await page.goto("/profiles");
  const card = profileCard(page, name);
  await expect(card).toContainText(`${members} members`);

  await moduleSwitch(page, "Case Management", name).click();
  const impact = card.getByRole("status", { name: "Licence impact" });
  await expect(impact).toHaveText(
    new RegExp(`^Case Management: ${members} needed, \\d+ available — not enough licences$`),
  );
  await shot(page, "profile-impact", card);

  // Saving waits for enough licences; the server refuses it too (lib/licensing/users.test.ts).
  await expect(card.getByRole("button", { name: "Save modules" })).toBeDisabled();

  await page.reload();
  await expect(moduleSwitch(page, "Case Management", name)).toHaveAttribute("aria-checked", "false");
  await expect(card).toContainText(NO_MODULES);
  expect(await seatsHeld(page, name, "Case Management")).toBe(0);
});

test("each profile shows its member count and the seats its members hold, as the users list counts them", async ({
  page,
}) => {
  await page.goto("/profiles");
  await expect(page.getByLabel("Named pools")).toContainText(/Case Management: \d+ of \d+ seats in use, \d+ available/);
  await shot(page, "profiles-page");
  const profile = "Full access";
  const members = Number(/(\d+) members?/.exec(await profileCard(page, profile).locator("p").first().innerText())![1]);
  const caseSeats = await seatsHeld(page, profile, "Case Management");
  const documentSeats = await seatsHeld(page, profile, "Document Management");
  expect(members).toBeGreaterThan(0);
  expect(caseSeats).toBeGreaterThan(0);

  const counted = async (query: string) => {
    await page.goto(`/users?${query}`);
    const text = await page.getByRole("navigation", { name: "Pages" }).locator("span").first().innerText();
    return Number(/of ([\d,]+)/.exec(text)![1]!.replace(",", ""));
  };
  await page.goto("/users");
  const profileId = await page
    .getByRole("combobox", { name: "Profile", exact: true })
    .locator("option", { hasText: profile })
    .getAttribute("value");
  expect(await counted(`profile=${profileId}`)).toBe(members);
  // "Full access" grants both modules, so each member holding a seat holds one in each.
  expect(await counted(`profile=${profileId}&seat=yes`)).toBe(caseSeats);
  expect(documentSeats).toBe(caseSeats);
});
