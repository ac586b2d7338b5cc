import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

// Helpers of the Users and Profiles specs. Each test makes its own users and profiles with a
// unique tag, so tests in parallel workers never read each other's data.

/** A short tag unique to one test run, e.g. "e2e-lx3f9a2b". */
export const uniqueTag = (prefix = "e2e") => `${prefix}-${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;

/** A toast (sonner) with this text. */
export const toast = (page: Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text });

export type CsvUser = {
  username: string;
  email?: string;
  profile?: string;
  status?: "active" | "inactive";
  credentials?: "issued" | "none" | "revoked";
  validTo?: string;
};

export function usersCsv(users: CsvUser[]) {
  const lines = users.map((u) =>
    [
      u.username,
      u.email ?? `${u.username}@e2e.test`,
      u.profile ?? "",
      u.status ?? "active",
      u.credentials ?? "none",
      u.validTo ?? "",
    ].join(","),
  );
  return ["username,email,profile,status,credentials,validTo", ...lines].join("\n") + "\n";
}

/** Opens the import dialog and chooses a file; the dialog then shows the row-by-row report. */
export async function chooseImportFile(page: Page, csv: string) {
  await page.goto("/users");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import users from CSV" });
  await dialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  return dialog;
}

/** Creates users through the CSV import (the quickest way to make many). */
export async function importUsers(page: Page, users: CsvUser[]) {
  const dialog = await chooseImportFile(page, usersCsv(users));
  const n = users.length;
  const label = `${n} user${n === 1 ? "" : "s"}`;
  await expect(dialog.getByRole("status")).toContainText(n === 1 ? "The row is valid." : `All ${n} rows are valid.`);
  await dialog.getByRole("button", { name: `Import ${label}` }).click();
  await expect(toast(page, `${label} imported.`)).toBeVisible();
  await expect(dialog).toBeHidden();
}

/** Free seats of a named pool as the Profiles page states them ("… seats in use, N available"). */
export async function availableSeats(page: Page, moduleName: string) {
  await page.goto("/profiles");
  const line = page.getByLabel("Named pools").getByText(`${moduleName}:`, { exact: false });
  const text = await line.innerText();
  const match = /(\d+) available/.exec(text);
  if (!match) throw new Error(`No seat count for ${moduleName} in "${text}"`);
  return Number(match[1]);
}

/** The users table of the Users page. */
export const usersTable = (page: Page) => page.getByRole("table", { name: "Users" });

/** The row of one user in the users table. */
export const userRow = (page: Page, username: string): Locator =>
  usersTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: username, exact: true }) });

/** Usernames in the table, in the order shown. */
export const shownUsernames = (page: Page) => usersTable(page).locator("tbody tr td:nth-child(2)").allInnerTexts();

/**
 * With E2E_SHOTS_DIR set, saves a screenshot for people to look at (never compared by the
 * tests): the whole page, only `part`, or what the window shows as it is scrolled ("viewport").
 */
export async function shot(page: Page, name: string, part?: Locator | "viewport") {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if (part === "viewport") await page.screenshot({ path: file });
  else await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file, fullPage: true }));
}
