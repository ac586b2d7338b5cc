import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { createProfile, createUser, ok, provision } from "./api/support";
import { storageStatePath } from "./fixtures";

// The audit log keeps changes apart from licensed applications' traffic (SPEC §5), with names
// beside ids. Support reads an organization provisioned by this test.

test.use({ storageState: storageStatePath("support") });

const eventRows = (page: Page) =>
  page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

test("changes and client activity are two views, each with names beside ids, filters and CSV", async ({
  page,
  request,
}) => {
  const t = await provision(request, { cad: { model: "concurrent", capacity: 3, name: "Drafting" } });
  const profile = await createProfile(t, "Drafters", [t.modules.cad]);
  await createUser(t, { username: "grace", profileId: profile.id, credentials: "issued" });
  await ok(
    t.client.post("/api/v1/sessions", {
      module: t.modules.cad,
      clientType: "desktop",
      deviceId: "pc-1",
      username: "grace",
    }),
    201,
  );

  await page.goto(`/audit?org=${t.organization.id}`);
  const views = page.getByRole("navigation", { name: "Audit views" });
  await expect(views.getByRole("link", { name: "Changes" })).toHaveAttribute("aria-current", "page");
  await expect(eventRows(page).filter({ hasText: "User created" })).toHaveCount(1);
  await expect(eventRows(page).filter({ hasText: "Session opened" })).toHaveCount(0);
  // The user's name beside its id, and the profile's name inside the change.
  await expect(eventRows(page).filter({ hasText: "User created" })).toContainText("grace");
  await expect(eventRows(page).filter({ hasText: "User created" })).toContainText("Drafters");
  // Codes in words: the target type, and no raw action code.
  await expect(eventRows(page).filter({ hasText: "User created" })).not.toContainText("user.create");

  await views.getByRole("link", { name: "Client activity" }).click();
  await expect(page).toHaveURL(/[?&]view=activity(&|$)/);
  await expect(eventRows(page).filter({ hasText: "Session opened" })).toHaveCount(1);
  await expect(eventRows(page).filter({ hasText: "User created" })).toHaveCount(0);

  // The filter keeps the view.
  const form = page.getByRole("form", { name: "Filter audit events" });
  await form.getByLabel("Action").selectOption("session.open");
  await form.getByRole("button", { name: "Apply filter" }).click();
  await expect(page).toHaveURL(/[?&]view=activity(&|$)/);
  await expect(eventRows(page)).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync(await download.path(), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data.map((r) => r.action)).toEqual(["session.open"]);
});
