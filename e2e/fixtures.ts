import path from "node:path";
import { expect, type Page } from "@playwright/test";

export type Role = "operator" | "support" | "owner" | "admin";

/** The demo's console sign-ins (lib/demo/seed.ts); owner and admin belong to Fjord Legal. */
export const demoAccounts: Record<Role, { email: string; password: string; roleLabel: string }> = {
  operator: { email: "operator@seatkeeper.test", password: "demo-operator-1", roleLabel: "Operator" },
  support: { email: "support@seatkeeper.test", password: "demo-support-1", roleLabel: "Support" },
  owner: { email: "owner@fjord.test", password: "demo-owner-1", roleLabel: "Owner" },
  admin: { email: "admin@fjord.test", password: "demo-admin-1", roleLabel: "Admin" },
};

/** Made by scripts/e2e-server.sh for the spec that signs it out everywhere (no other spec uses it). */
export const everywhereAccount = { email: "everywhere@e2e.test", password: "quiet-harbour-lantern-41" };

export const roles = Object.keys(demoAccounts) as Role[];
export const demoOrganizationName = "Fjord Legal";

/** Where each role's signed-in browser state is saved by auth.setup.ts. */
export const storageStatePath = (role: Role) => path.join(import.meta.dirname, ".auth", `${role}.json`);

export const organizationAreas = [
  "Dashboard",
  "Users",
  "Profiles",
  "Sessions",
  "Devices",
  "Usage",
  "Audit",
  "Denials",
  "Contract",
  "Team",
];
export const vendorAreas = ["Organizations", "Catalogue", "Staff"];

export const GENERIC_SIGN_IN_REFUSAL = "Email or password is incorrect.";

/** Fills and submits the sign-in form. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInAs(page: Page, role: Role) {
  const account = demoAccounts[role];
  await signIn(page, account.email, account.password);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId("role-badge")).toHaveText(account.roleLabel);
}

export const consoleNav = (page: Page) => page.getByRole("navigation", { name: "Console" });

/**
 * An organization's id, looked up as vendor staff by searching the organizations list: other
 * specs add organizations in parallel, so a name may not be on the list's first page.
 */
export async function organizationIdByName(page: Page, name: string) {
  await page.goto(`/organizations?q=${encodeURIComponent(name)}`);
  const href = await page
    .getByRole("table", { name: "Organizations" })
    .getByRole("link", { name, exact: true })
    .getAttribute("href");
  return /[?&]org=([0-9a-f-]{36})/.exec(href ?? "")![1]!;
}
