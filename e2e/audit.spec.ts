import fs from "node:fs";
import { expect, test, type Download, type Page } from "@playwright/test";
import Papa from "papaparse";
import { uniqueTag } from "./api/support";
import { storageStatePath } from "./fixtures";

// The audit log of Fjord Legal (SPEC §5): the administrator makes a change through the console,
// then finds it with each filter (kept in the URL) and exports exactly what the filter shows.
// Other specs write to the same log in parallel, so nothing here depends on counts of others.

test.use({ storageState: storageStatePath("admin") });

const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const csvColumns = [
  "time",
  "actor",
  "actorType",
  "action",
  "targetType",
  "targetId",
  "targetName",
  "before",
  "after",
] as const;

/** Creates a profile as the signed-in administrator; answers its id from the audit log. */
async function createProfile(page: Page, name: string) {
  await page.goto("/profiles");
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog", { name: "New profile" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog).toBeHidden();
}

/** The rows of the log's table (without its header). */
const eventRows = (page: Page) =>
  page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

/** The total the pager shows: "1–3 of 3". */
async function total(page: Page) {
  const text = await page.getByRole("navigation", { name: "Pages" }).innerText();
  return Number(/of (\d+)/.exec(text)![1]);
}

async function readCsv(download: Download) {
  const text = fs.readFileSync(await download.path(), "utf8");
  return Papa.parse<Record<(typeof csvColumns)[number], string>>(text, { header: true, skipEmptyLines: true });
}

test("a change made in the console is found by actor, action, target and dates, and exported as filtered", async ({
  page,
}) => {
  const name = `Audit probe ${uniqueTag()}`;
  await createProfile(page, name);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  // Actor, action and target type through the form: the filter lands in the URL.
  const filter = page.getByRole("form", { name: "Filter audit events" });
  await filter.getByLabel("Actor").fill("admin@fjord");
  await filter.getByLabel("Action").selectOption("profile.create");
  await filter.getByLabel("Target type").selectOption("profile");
  await filter.getByRole("button", { name: "Apply filter" }).click();
  await expect(page).toHaveURL(/[?&]actor=admin%40fjord(&|$)/);
  await expect(page).toHaveURL(/[?&]action=profile\.create(&|$)/);
  await expect(page).toHaveURL(/[?&]targetType=profile(&|$)/);
  const row = eventRows(page).filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("admin@fjord.test");
  for (const other of await eventRows(page).all()) {
    await expect(other).toContainText("admin@fjord.test");
    await expect(other).toContainText("Profile created");
  }
  // The target cell names the profile; its id is in the title.
  const profileId = await row.getByRole("cell").nth(3).locator("[title]").getAttribute("title");
  expect(profileId).toMatch(/^[0-9a-f-]{36}$/);

  // The exact target: one event. The URL alone carries the filter, so it can be shared.
  await page.goto(`/audit?targetType=profile&targetId=${profileId}`);
  await expect(page.getByRole("form", { name: "Filter audit events" }).getByLabel("Target ID")).toHaveValue(profileId!);
  await expect(eventRows(page)).toHaveCount(1);
  await expect(eventRows(page)).toContainText(name);
  expect(await total(page)).toBe(1);

  // Dates are whole days: today holds the event, tomorrow and yesterday don't.
  const byDates = (from: string, to: string) => `/audit?targetId=${profileId}&from=${from}&to=${to}`;
  await page.goto(byDates(day(), day()));
  await expect(eventRows(page)).toHaveCount(1);
  await page.goto(byDates(day(1), day(2)));
  await expect(page.getByText("No events match this filter")).toBeVisible();
  await expect(eventRows(page)).toHaveCount(0);
  await page.goto(byDates(day(-3), day(-1)));
  await expect(page.getByText("No events match this filter")).toBeVisible();

  // The export follows the filter of the page it is clicked on.
  await page.goto(`/audit?actor=admin%40fjord&action=profile.create&from=${day()}&to=${day()}`);
  const shown = await total(page);
  expect(shown).toBeGreaterThanOrEqual(1);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readCsv(download);
  expect(csv.errors).toEqual([]);
  expect(csv.meta.fields).toEqual(csvColumns);
  expect(csv.data.length).toBeGreaterThanOrEqual(shown); // others may add events meanwhile, never fewer
  for (const r of csv.data) {
    expect(r.actor).toContain("admin@fjord");
    expect(r.action).toBe("profile.create");
    expect(r.time.slice(0, 10)).toBe(day());
  }
  const mine = csv.data.filter((r) => r.targetId === profileId);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.targetName).toBe(name);
  expect(JSON.parse(mine[0]!.after).name).toBe(name);
  expect(mine[0]!.before).toBe("");
});

test("a malformed filter is ignored in plain view, and another organization's export answers not found", async ({
  page,
}) => {
  await page.goto("/audit?from=not-a-date&page=-4&action=");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Filter audit events" }).getByLabel("From")).toHaveValue("");
  await expect(eventRows(page).first()).toBeVisible();

  const other = await page.request.get(`/audit/export?org=${crypto.randomUUID()}`);
  expect(other.status()).toBe(404);
  expect((await other.json()).error.code).toBe("NOT_FOUND");
});

test.describe("the vendor's own log", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("a catalogue change is in the vendor audit log, filtered and exported; an administrator can't open it", async ({
    page,
    browser,
  }) => {
    const tag = uniqueTag();
    const name = `Audit Probe ${tag}`;
    await page.goto("/catalogue");
    const form = page.getByRole("form", { name: "Add module" });
    await form.getByLabel("Key").fill(`audit-probe-${tag}`);
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Add module" }).click();
    await expect(page.getByRole("cell", { name })).toBeVisible();

    await page.getByRole("link", { name: "Vendor audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Vendor audit log" })).toBeVisible();
    const filter = page.getByRole("form", { name: "Filter audit events" });
    await filter.getByLabel("Target type").selectOption("module");
    await filter.getByRole("button", { name: "Apply filter" }).click();
    await expect(page).toHaveURL(/org=vendor.*targetType=module/);
    await expect(eventRows(page).filter({ hasText: name })).toHaveCount(1);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const { data } = await readCsv(download);
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((r) => r.targetType === "module")).toBe(true);
    expect(data.filter((r) => r.after.includes(name))).toHaveLength(1);

    const admin = await browser.newContext({ storageState: storageStatePath("admin") });
    const adminPage = await admin.newPage();
    await adminPage.goto("/audit?org=vendor");
    await expect(adminPage.getByRole("heading", { name: "Not found" })).toBeVisible();
    expect((await adminPage.request.get("/audit/export?org=vendor")).status()).toBe(404);
    await admin.close();
  });
});
