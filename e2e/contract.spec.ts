import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { storageStatePath } from "./fixtures";

// The contract page as the owner of the demo's Fjord Legal (named pools Case Management and
// Document Management). Capacity changes are undone before the test ends; keys have unique names.

test.use({ storageState: storageStatePath("owner"), reducedMotion: "reduce" });

const poolRow = (page: Page, moduleName: string) =>
  page.getByRole("row").filter({ has: page.getByRole("button", { name: `Change capacity of ${moduleName}` }) });

async function cell(row: Locator, column: number) {
  return Number((await row.getByRole("cell").nth(column).innerText()).trim());
}

/** Opens the capacity dialog of a pool and types a new capacity. */
async function typeCapacity(page: Page, moduleName: string, capacity: number) {
  await page.getByRole("button", { name: `Change capacity of ${moduleName}` }).click();
  const dialog = page.getByRole("dialog", { name: `Change capacity: ${moduleName}` });
  await dialog.getByLabel("New capacity").fill(String(capacity));
  return dialog;
}

test("the owner changes a capacity after a preview of what the new limit allows", async ({ page }) => {
  await page.goto("/contract");
  const row = poolRow(page, "Document Management");
  const before = await cell(row, 2);

  const dialog = await typeCapacity(page, "Document Management", before + 1);
  await expect(dialog.getByTestId("capacity-preview")).toContainText("In use now");
  await expect(dialog.getByTestId("capacity-verdict")).toHaveText(
    `Within bounds: the limit goes from ${before} to ${before + 1}.`,
  );
  await dialog.getByRole("button", { name: "Change now" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Capacity changed.")).toBeVisible();
  await expect.poll(() => cell(poolRow(page, "Document Management"), 2)).toBe(before + 1);

  // Back to where it was: lowering is allowed while it stays at or above what is in use.
  const back = await typeCapacity(page, "Document Management", before);
  await back.getByRole("button", { name: "Change now" }).click();
  await expect(back).toBeHidden();
  await expect.poll(() => cell(poolRow(page, "Document Management"), 2)).toBe(before);
});

test("lowering below what is in use is offered only for renewal, with how many are short and who holds them", async ({
  page,
}) => {
  await page.goto("/contract");
  const row = poolRow(page, "Case Management");
  const capacity = await cell(row, 2);
  const minimum = Number((await row.getByRole("cell").nth(3).innerText()).split("–")[0]!.trim());
  expect(capacity).toBeGreaterThan(minimum);

  const dialog = await typeCapacity(page, "Case Management", minimum);
  // The preview says how many are short before anything is sent, and "Change now" (which the
  // server would refuse) is off; the renewal is the way forward.
  const verdict = dialog.getByTestId("capacity-verdict");
  await expect(verdict).toContainText(
    new RegExp(`(\\d+) seats are in use; free (\\d+) before lowering to ${minimum}\\.`),
  );
  const [, inUse, free] = /(\d+) seats are in use; free (\d+)/.exec(await verdict.innerText())!;
  expect(Number(inUse) - Number(free)).toBe(minimum);
  await expect(dialog.getByTestId("capacity-preview")).toContainText(`${free} short`);
  await expect(dialog.getByRole("button", { name: "Change now" })).toBeDisabled();
  await expect(dialog.getByRole("button", { name: /^Schedule for renewal/ })).toBeEnabled();
  await expectNoViolations(page, "the capacity dialog below what is in use");
  const holders = verdict.getByRole("link", { name: "See who holds them" });
  await expect(holders).toHaveAttribute("href", /\/users\?org=[0-9a-f-]+&module=case-management&seat=yes$/);
  await dialog.getByLabel("New capacity").press("Enter");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect.poll(() => cell(poolRow(page, "Case Management"), 2)).toBe(capacity);
});

test("a capacity outside the pool's bounds shows no cost and no Schedule; the server's refusal says the bounds", async ({
  page,
}) => {
  await page.goto("/contract");
  const dialog = await typeCapacity(page, "Case Management", 100000);
  await expect(dialog.getByTestId("capacity-verdict")).toContainText("Outside the bounds of this pool");
  await expect(dialog.getByTestId("capacity-cost")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: /^Schedule for renewal/ })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Change now" }).click();
  await expect(dialog.getByLabel("New capacity")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("New capacity")).toBeFocused();
  await expectNoViolations(page, "the capacity dialog with an out-of-bounds refusal");
});

test("the owner schedules a decrease for renewal, changes it, then cancels it, and the capacity stays", async ({
  page,
}) => {
  await page.goto("/contract");
  const row = poolRow(page, "Case Management");
  const capacity = await cell(row, 2);
  const minimum = Number((await row.getByRole("cell").nth(3).innerText()).split("–")[0]!.trim());
  const first = capacity - 1;
  const changed = Math.max(minimum, capacity - 2);
  const dialog = await typeCapacity(page, "Case Management", first);
  await dialog.getByRole("button", { name: /^Schedule for renewal/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Decrease scheduled for the renewal date.")).toBeVisible();
  const badge = row.getByTestId("scheduled-change");
  await expect(badge).toHaveText(new RegExp(`^To ${first} on `));

  // Change: a capacity not below today's is refused under the field, nothing changes.
  const changeButton = row.getByRole("button", { name: "Change the scheduled decrease of Case Management" });
  await changeButton.click();
  const change = page.getByRole("dialog", { name: "Scheduled decrease: Case Management" });
  const field = change.getByLabel("Capacity at renewal");
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(String(first));
  await field.fill(String(capacity));
  await field.press("Enter");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(change.getByText(`below the current capacity of ${capacity}`)).toBeVisible();
  await expect(field).toBeFocused();
  await expectNoViolations(page, "the scheduled decrease's change dialog with its refusal");
  await field.fill(String(changed));
  await change.getByRole("button", { name: "Save" }).click();
  await expect(change).toBeHidden();
  await expect(page.getByText("Scheduled decrease changed.")).toBeVisible();
  await expect(badge).toHaveText(new RegExp(`^To ${changed} on `));
  await expect(changeButton).toBeFocused();

  // Cancel: asked first; Escape keeps it, the confirmation removes it.
  const cancelButton = row.getByRole("button", { name: "Cancel the scheduled decrease of Case Management" });
  await cancelButton.click();
  const confirm = page.getByRole("dialog", { name: "Cancel the scheduled decrease of Case Management?" });
  await expect(confirm).toContainText(`stays at ${capacity}`);
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(cancelButton).toBeFocused();
  await cancelButton.click();
  await confirm.getByRole("button", { name: "Cancel the decrease" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("Scheduled decrease cancelled: the capacity stays at renewal.")).toBeVisible();
  await expect(row.getByTestId("scheduled-change")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Change capacity of Case Management" })).toBeFocused();
  expect(await cell(poolRow(page, "Case Management"), 2)).toBe(capacity);
});

test("an API key's secret is shown once, works, and stops working when revoked", async ({ page, request }) => {
  const name = `Reception ${randomUUID().slice(0, 8)}`;
  await page.goto("/contract");
  await page.getByRole("button", { name: "Create API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
  await expect(shown.getByText("This is the only time the secret is shown")).toBeVisible();
  await expect(shown.getByRole("button", { name: "Copy" })).toBeVisible();
  const secret = (await shown.getByTestId("new-secret").innerText()).trim();
  expect(secret).toMatch(/^sk_live_/);
  await shown.getByRole("button", { name: "I have stored it" }).click();
  await expect(shown).toBeHidden();

  const keyRow = page.getByRole("row").filter({ hasText: name });
  await expect(keyRow).toContainText(secret.slice(0, 12));
  await expect(keyRow).toContainText("Active");
  await expect(page.getByText(secret)).toHaveCount(0);
  const auth = { authorization: `Bearer ${secret}` };
  expect((await request.get("/api/v1/license", { headers: auth })).status()).toBe(200);

  await keyRow.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke API key “${name}”?` });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  expect((await request.get("/api/v1/license", { headers: auth })).status()).toBe(401);
});

test.describe("as the administrator", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("sees the pools but no capacity or key controls", async ({ page }) => {
    await page.goto("/contract");
    await expect(page.getByRole("heading", { level: 1, name: "Contract" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Case Management" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Change capacity/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  });
});

test("the pools table has one Capacity column, and an out-of-bounds capacity shows the bounds instead of what would be free", async ({
  page,
}) => {
  await page.goto("/contract");
  const columns = page.getByRole("table").first().getByRole("columnheader");
  await expect(columns.first()).toBeVisible();
  const headers = await columns.allInnerTexts();
  expect(headers.filter((h) => h.trim().toLowerCase() === "capacity")).toHaveLength(1);
  expect(headers.map((h) => h.trim().toLowerCase())).toContain("change");

  const bounds = (await poolRow(page, "Case Management").getByRole("cell").nth(3).innerText()).split("–");
  const minimum = Number(bounds[0]!.trim());
  const maximum = bounds[1]!.trim() === "no max" ? null : Number(bounds[1]!.trim());
  const outside = maximum !== null ? maximum + 9 : minimum - 1;
  expect(outside).toBeGreaterThanOrEqual(0);
  const dialog = await typeCapacity(page, "Case Management", outside);
  await expect(dialog.getByTestId("capacity-verdict")).toHaveText(/^Outside the bounds of this pool \(/);
  await expect(dialog.getByTestId("capacity-preview")).not.toContainText("Free after");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Change capacity of Case Management" })).toBeFocused();
});
