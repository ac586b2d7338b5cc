import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  availableSeats,
  chooseImportFile,
  importUsers,
  shot,
  shownUsernames,
  toast,
  uniqueTag,
  userRow,
  usersCsv,
  usersTable,
} from "./console-helpers";
import { storageStatePath } from "./fixtures";

// The Users area as the administrator of the demo's Fjord Legal (SPEC §5). Every
// test makes its own users with a unique tag and searches for that tag, so other tests' users
// never get in the way. Only the user-page test takes a Case Management seat, and gives it back.

test.use({ storageState: storageStatePath("admin") });

const pad = (n: number) => String(n).padStart(2, "0");
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const plural = (n: number) => `${n} user${n === 1 ? "" : "s"}`;

async function search(page: Page, text: string) {
  await page.getByRole("searchbox", { name: "Search" }).fill(text);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replaceAll(".", "\\.")}`));
}

const filter = (page: Page, name: string) => page.getByRole("combobox", { name, exact: true });

test("pages, sorts and searches the table on the server, keeping each choice in the URL", async ({ page }) => {
  // "zz-" sorts after the demo's users, so their first page stays as it was for other tests.
  const tag = uniqueTag("zz-page");
  const count = 51;
  // Emails run the other way round from usernames, so sorting by email reverses the order.
  const users = Array.from({ length: count }, (_, i) => ({
    username: `${tag}-${pad(i + 1)}`,
    email: `${tag}-mail-${pad(count - i)}@e2e.test`,
  }));
  await importUsers(page, users);

  await search(page, tag);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages).toContainText(`1–50 of ${count}`);
  await expect(pages).toContainText("Page 1 of 2");
  expect(await shownUsernames(page)).toEqual(users.slice(0, 50).map((u) => u.username));

  await pages.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(pages).toContainText(`51–51 of ${count}`);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-51`]);

  // Sorting starts again at page 1.
  await usersTable(page).getByRole("link", { name: "Username" }).click();
  await expect(page).toHaveURL(/sort=username&dir=desc/);
  await expect(page).not.toHaveURL(/page=2/);
  await expect.poll(async () => (await shownUsernames(page))[0]).toBe(`${tag}-51`);
  await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  // Only the sorted column tells a direction; the other sortable ones say none.
  await expect(usersTable(page).getByRole("columnheader", { name: "Email" })).toHaveAttribute("aria-sort", "none");
  await usersTable(page).getByRole("link", { name: "Email" }).click();
  await expect(page).toHaveURL(/sort=email&dir=asc/);
  await expect(usersTable(page).getByRole("columnheader", { name: "Username" })).toHaveAttribute("aria-sort", "none");
  await expect.poll(async () => (await shownUsernames(page)).slice(0, 2)).toEqual([`${tag}-51`, `${tag}-50`]);
  await page.reload();
  await expect.poll(async () => (await shownUsernames(page)).slice(0, 2)).toEqual([`${tag}-51`, `${tag}-50`]);

  // The search matches emails too.
  await search(page, `${tag}-mail-07@`);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-45`]);
  await expect(pages).toContainText("1–1 of 1");

  await page.goto("/users");
  await expect(usersTable(page)).toBeVisible();
  await shot(page, "users-list");
});

test("filters by status, profile, module, credentials and valid-to, kept in the URL across a reload", async ({
  page,
}) => {
  const tag = uniqueTag("filter");
  await importUsers(page, [
    { username: `${tag}-a`, profile: "Case handlers", status: "active", credentials: "none" },
    { username: `${tag}-b`, profile: "Seasonal — no modules", status: "inactive", credentials: "issued" },
    { username: `${tag}-c`, status: "active", credentials: "revoked" },
    { username: `${tag}-d`, status: "active", credentials: "none", validTo: "2020-01-31" },
  ]);
  await search(page, tag);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`, `${tag}-d`]);

  const expectShown = (suffixes: string[]) =>
    expect.poll(() => shownUsernames(page)).toEqual(suffixes.map((s) => `${tag}-${s}`));

  await filter(page, "Status").selectOption("inactive");
  await expect(page).toHaveURL(/status=inactive/);
  await expectShown(["b"]);
  await page.reload();
  await expect(filter(page, "Status")).toHaveValue("inactive");
  await expectShown(["b"]);
  await filter(page, "Status").selectOption("");
  await expect(page).not.toHaveURL(/status=/);

  await filter(page, "Profile").selectOption({ label: "Case handlers" });
  await expect(page).toHaveURL(/profile=[0-9a-f-]{36}/);
  await expectShown(["a"]);
  await filter(page, "Profile").selectOption({ label: "No profile" });
  await expect(page).toHaveURL(/profile=none/);
  await expectShown(["c", "d"]);
  await filter(page, "Profile").selectOption("");
  await expect(page).not.toHaveURL(/profile=/);

  await filter(page, "Module granted").selectOption({ label: "Case Management" });
  await expect(page).toHaveURL(/module=case-management/);
  await expectShown(["a"]);
  await filter(page, "Module granted").selectOption("");
  await expect(page).not.toHaveURL(/module=/);

  await filter(page, "Credentials").selectOption("revoked");
  await expect(page).toHaveURL(/credentials=revoked/);
  await expectShown(["c"]);
  await filter(page, "Credentials").selectOption("none");
  await expectShown(["a", "d"]);

  await filter(page, "Valid to").selectOption("yes");
  await expect(page).toHaveURL(/credentials=none&expired=yes|expired=yes&credentials=none/);
  await expectShown(["d"]);
  await expect(userRow(page, `${tag}-d`)).toContainText("(expired)");
  await page.reload();
  await expect(filter(page, "Valid to")).toHaveValue("yes");
  await expect(filter(page, "Credentials")).toHaveValue("none");
  await expectShown(["d"]);

  // Two choices in a row, the second made before the first has loaded: both are kept.
  await filter(page, "Status").selectOption("active");
  await filter(page, "Seats").selectOption("no");
  await expect(page).toHaveURL(/status=active/);
  await expect(page).toHaveURL(/seat=no/);
  await expectShown(["d"]);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
});

test("a CSV import reports every row, imports the valid ones and hands back the others as a file to fix", async ({
  page,
}) => {
  const tag = uniqueTag("import");
  const csv = [
    "username,email,profile,status,credentials,validTo",
    `${tag}-ok,${tag}-ok@e2e.test,Case handlers,active,none,`,
    `${tag}-bad-email,not-an-email,,active,none,`,
    `${tag}-bad-profile,${tag}-p@e2e.test,No such profile ${tag},active,none,`,
  ].join("\n");
  const dialog = await chooseImportFile(page, csv);
  await expect(dialog.getByRole("status")).toContainText(
    "2 of 3 rows can't be imported and will be skipped; the other 1 can be imported now.",
  );
  const rows = dialog.getByRole("table", { name: "Rows of the file" }).getByRole("row");
  await expect(rows.filter({ hasText: `${tag}-ok` })).toContainText("OK");
  await expect(rows.filter({ hasText: `${tag}-bad-email` })).toContainText("The email is not a valid address");
  await expect(rows.filter({ hasText: `${tag}-bad-profile` })).toContainText(
    `There is no profile named "No such profile ${tag}"`,
  );
  await expect(
    rows
      .filter({ hasText: `${tag}-bad-email` })
      .getByRole("cell")
      .first(),
  ).toHaveText("3");
  await shot(page, "import-report");

  await dialog.getByRole("button", { name: "Import the 1 valid row" }).click();
  await expect(toast(page, "1 user imported; 2 rows skipped.")).toBeVisible();
  await expect(dialog.getByRole("status")).toContainText("1 user imported. 2 rows of users.csv could not be imported");
  const downloadButton = dialog.getByRole("button", { name: "Download the 2 rows with errors (CSV)" });
  await expect(downloadButton).toBeFocused();
  await shot(page, "import-skipped");
  const [download] = await Promise.all([page.waitForEvent("download"), downloadButton.click()]);
  expect(download.suggestedFilename()).toBe("users-not-imported.csv");
  const errorFile = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(errorFile).toEqual([
    "username,email,profile,status,credentials,validTo,manager,reason",
    `${tag}-bad-email,not-an-email,,active,none,,,Line 3: The email is not a valid address`,
    `${tag}-bad-profile,${tag}-p@e2e.test,No such profile ${tag},active,none,,,"Line 4: There is no profile named ""No such profile ${tag}"""`,
  ]);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await search(page, tag);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-ok`]);
  await expect(userRow(page, `${tag}-ok`)).toContainText("Case handlers");

  // The error file, fixed, goes in as it is: its reason column is read past.
  const fixed = [errorFile[0], errorFile[1]!.replace("not-an-email", `${tag}-fixed@e2e.test`)].join("\n");
  const again = await chooseImportFile(page, fixed);
  await expect(again.getByRole("status")).toContainText("The row is valid.");
  await again.getByRole("button", { name: "Import 1 user" }).click();
  await expect(again).toBeHidden();
  await search(page, tag);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-bad-email`, `${tag}-ok`]);
});

test("a CSV file over the size limit is refused in words before it is sent", async ({ page }) => {
  await page.goto("/users");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import users from CSV" });
  const header = "username,email\n";
  const big = header + "x".repeat(2_100_000 - header.length);
  await dialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(big) });
  await expect(
    dialog.getByText("The file is 2.1 MB; a file of at most 2 MB (about 5,000 users) can be imported."),
  ).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
});

test("exports the filtered list as CSV", async ({ page }) => {
  const tag = uniqueTag("export");
  await importUsers(page, [
    { username: `${tag}-a`, status: "active", credentials: "issued", profile: "Seasonal — no modules" },
    { username: `${tag}-b`, status: "inactive", credentials: "none" },
    {
      username: `${tag}-c`,
      status: "inactive",
      credentials: "revoked",
      profile: "Seasonal — no modules",
      validTo: "2031-05-17",
    },
  ]);
  await page.goto(`/users?q=${tag}&status=inactive`);
  await expect.poll(() => shownUsernames(page)).toEqual([`${tag}-b`, `${tag}-c`]);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^users-FJ-2001-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await download.path())!, "utf8");
  expect(text.trimEnd().split("\r\n")).toEqual([
    "username,email,profile,status,credentials,validTo,manager",
    `${tag}-b,${tag}-b@e2e.test,,inactive,none,,`,
    `${tag}-c,${tag}-c@e2e.test,Seasonal — no modules,inactive,revoked,2031-05-17,`,
  ]);
});

test("a bad create shows each error next to its field; a good create and an edit show a toast", async ({ page }) => {
  const tag = uniqueTag("create");
  await page.goto("/users");
  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog", { name: "New user" });
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByLabel("Username")).toHaveAccessibleDescription("Enter a username");
  await expect(dialog.getByLabel("Email")).toHaveAccessibleDescription("Enter an email address");
  await expect(dialog.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Username").fill(tag);
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address");
  await expect(dialog.getByLabel("Username")).not.toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Email").fill(`${tag}@e2e.test`);
  await dialog.getByLabel("Profile").selectOption({ label: "Seasonal — no modules" });
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(toast(page, "User created.")).toBeVisible();
  await expect(dialog).toBeHidden();
  // The toast sits bottom-right, clear of the header's Sign out; focus is back on New user.
  const toastBox = (await toast(page, "User created.").boundingBox())!;
  const signOutBox = (await page.getByRole("button", { name: "Sign out", exact: true }).boundingBox())!;
  expect(toastBox.y).toBeGreaterThan(signOutBox.y + signOutBox.height);
  await expect(page.getByRole("button", { name: "New user" })).toBeFocused();

  // Usernames are unique per organization whatever their case; the refusal sits under Username.
  await page.getByRole("button", { name: "New user" }).click();
  await dialog.getByLabel("Username").fill(tag.toUpperCase());
  await dialog.getByLabel("Email").fill(`${tag}-2@e2e.test`);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByLabel("Username")).toHaveAccessibleDescription(
    `The username "${tag.toUpperCase()}" is already taken in this organization.`,
  );
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await search(page, tag);
  await expect.poll(() => shownUsernames(page)).toEqual([tag]);
  const row = userRow(page, tag);
  await expect(row).toContainText(`${tag}@e2e.test`);
  await expect(row).toContainText("Seasonal — no modules");

  await row.getByRole("button", { name: `Actions for ${tag}` }).click();
  await page.getByRole("menuitem", { name: "Edit…" }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${tag}` });
  await edit.getByLabel("Email").fill(`${tag}-new@e2e.test`);
  // The date input repeats the chosen day in the console's format, whatever the browser's locale shows.
  await edit.getByLabel("Valid to").fill("2031-05-17");
  await expect(edit.getByLabel("Valid to")).toHaveAccessibleDescription(/^17 May 2031\. /);
  await edit.getByRole("button", { name: "Save user" }).click();
  await expect(toast(page, "User saved.")).toBeVisible();
  await expect(userRow(page, tag)).toContainText(`${tag}-new@e2e.test`);
});

/** A client API key made by the owner on the contract page. */
async function ownerCreatesApiKey(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStatePath("owner") });
  try {
    const page = await context.newPage();
    const name = `e2e users ${randomUUID().slice(0, 8)}`;
    await page.goto("/contract");
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
    return (await shown.getByTestId("new-secret").innerText()).trim();
  } finally {
    await context.close();
  }
}

test("the user page shows seats held and live sessions; credentials, status and valid-to free and take the seat; delete asks first", async ({
  page,
  browser,
  request,
}) => {
  const tag = uniqueTag("detail");
  expect(
    await availableSeats(page, "Case Management"),
    "this test needs one free Case Management seat",
  ).toBeGreaterThan(0);
  await importUsers(page, [{ username: tag, profile: "Case handlers", status: "active", credentials: "none" }]);
  await search(page, tag);
  await usersTable(page).getByRole("link", { name: tag, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: tag })).toBeVisible();
  const seats = page.getByRole("list", { name: "Seats held" });
  const noSeats = page.getByText("No seats held");
  await expect(noSeats).toBeVisible();

  await page.getByRole("button", { name: "Issue credentials" }).click();
  await expect(toast(page, "Credentials issued.")).toBeVisible();
  await expect(seats).toHaveText("Case Management");

  // A desktop client opens a session for the user; the page lists it, then the client closes it.
  const key = { authorization: `Bearer ${await ownerCreatesApiKey(browser)}` };
  const deviceId = `e2e-pc-${randomUUID().slice(0, 8)}`;
  const opened = await request.post("/api/v1/sessions", {
    headers: key,
    data: { module: "case-management", clientType: "desktop", deviceId, username: tag },
  });
  expect(opened.status()).toBe(201);
  const { session } = (await opened.json()) as { session: { id: string } };
  await page.reload();
  const sessionRow = page.getByRole("row").filter({ hasText: deviceId });
  await expect(sessionRow).toContainText("Case Management");
  await expect(sessionRow).toContainText("Desktop");
  await expect(page.getByText("No activated devices")).toBeVisible();
  await shot(page, "user-page");
  expect((await request.delete(`/api/v1/sessions/${session.id}`, { headers: key })).ok()).toBe(true);
  await page.reload();
  await expect(page.getByText("No live sessions")).toBeVisible();

  await page.getByRole("button", { name: "Revoke credentials" }).click();
  await expect(toast(page, "Credentials revoked.")).toBeVisible();
  await expect(noSeats).toBeVisible();
  await page.getByRole("button", { name: "Issue credentials" }).click();
  await expect(seats).toHaveText("Case Management");

  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(toast(page, "User deactivated.")).toBeVisible();
  await expect(noSeats).toBeVisible();
  await page.getByRole("button", { name: "Activate", exact: true }).click();
  await expect(toast(page, "User activated.")).toBeVisible();
  await expect(seats).toHaveText("Case Management");

  // A valid-to in the past ends the seat.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${tag}` });
  await edit.getByLabel("Valid to").fill(yesterday());
  await edit.getByRole("button", { name: "Save user" }).click();
  await expect(toast(page, "User saved.")).toBeVisible();
  await expect(noSeats).toBeVisible();

  const url = page.url();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${tag}?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: tag })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await confirm.getByRole("button", { name: "Delete user" }).click();
  await expect(toast(page, `${tag} deleted.`)).toBeVisible();
  await expect(page).toHaveURL(/\/users$/);
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: tag })).toHaveCount(0);
});

test("bulk changes preview their licence impact first and are all or nothing: Confirm stays disabled while a pool is short", async ({
  page,
}) => {
  const tag = uniqueTag("bulk");
  // Three more users than Case Management has free seats (at least 3), each ready to take one (active, credentials issued).
  const n = (await availableSeats(page, "Case Management")) + 3;
  await importUsers(
    page,
    Array.from({ length: n }, (_, i) => ({
      username: `${tag}-${pad(i + 1)}`,
      status: "active" as const,
      credentials: "issued" as const,
    })),
  );
  await search(page, tag);
  await expect.poll(async () => (await shownUsernames(page)).length).toBe(n);

  const bar = page.getByRole("region", { name: "Bulk actions" });
  const selectAllBox = usersTable(page).getByRole("checkbox", { name: "Select all users on this page" });
  const selectAll = () => selectAllBox.check();
  await selectAll();
  await expect(bar).toContainText(`${plural(n)} selected`);
  // The bar follows the table: one Tab from the last row's actions reaches it.
  await userRow(page, `${tag}-${pad(n)}`)
    .getByRole("button", { name: `Actions for ${tag}-${pad(n)}` })
    .focus();
  await page.keyboard.press("Tab");
  await expect(bar.getByLabel("Profile for the selected users")).toBeFocused();

  // Choosing the profile shows the shortage per module before anything is confirmed.
  await bar.getByLabel("Profile for the selected users").selectOption({ label: "Case handlers" });
  const shortLine = new RegExp(`^Case Management: ${n} needed, (\\d+) available — \\d+ short$`);
  await expect(bar.getByRole("list", { name: "Licence impact of the profile" }).getByRole("listitem")).toHaveText(
    shortLine,
  );
  await expect(bar).toContainText("Not enough licences");
  await bar.getByRole("button", { name: "Assign profile" }).click();
  const move = page.getByRole("dialog", { name: `Move ${plural(n)} to Case handlers?` });
  await expect(move.getByRole("list", { name: "Licence impact" }).getByRole("listitem")).toHaveText(shortLine);
  await expect(move.getByRole("button", { name: `Move ${plural(n)}` })).toBeDisabled();
  await move.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(usersTable(page).getByRole("cell", { name: "Case handlers" })).toHaveCount(0);
  await expect(usersTable(page).getByText("No profile")).toHaveCount(n);

  // A CSV import of as many seat-holding users shows the same shortage, and marks the rows past the free seats.
  const file = await chooseImportFile(
    page,
    usersCsv(
      Array.from({ length: n }, (_, i) => ({
        username: `${tag}-csv-${pad(i + 1)}`,
        profile: "Case handlers",
        credentials: "issued" as const,
      })),
    ),
  );
  const impact = file.getByRole("list", { name: "Licence impact" }).getByRole("listitem");
  await expect(impact).toHaveText(shortLine);
  // Other specs take and free Case Management seats meanwhile: the count is the dialog's own.
  const free = Number(shortLine.exec(await impact.innerText())![1]);
  await expect(file.getByRole("row").filter({ hasText: `${tag}-csv-${pad(n)}` })).toContainText(
    free === 0
      ? "Not enough Case Management licences: none is available"
      : `Not enough Case Management licences: the ${free} available go to the rows above`,
  );
  if (free > 0)
    await expect(
      file.getByRole("button", { name: `Import the ${free} valid row${free === 1 ? "" : "s"}` }),
    ).toBeEnabled();
  await file.getByRole("button", { name: "Cancel" }).click();
  await search(page, tag);

  await selectAll();
  await bar.getByLabel("Profile for the selected users").selectOption({ label: "Seasonal — no modules" });
  await bar.getByRole("button", { name: "Assign profile" }).click();
  await page
    .getByRole("dialog", { name: `Move ${plural(n)} to Seasonal — no modules?` })
    .getByRole("button", { name: `Move ${plural(n)}` })
    .click();
  await expect(toast(page, `${plural(n)} updated.`)).toBeVisible();
  await expect(usersTable(page).getByRole("cell", { name: "Seasonal — no modules" })).toHaveCount(n);
  await expect(bar).toBeHidden();
  // Focus comes back to the table's "select all", never to the page body.
  await expect(selectAllBox).toBeFocused();

  // Two of them only: the others stay active.
  await usersTable(page)
    .getByRole("checkbox", { name: `Select ${tag}-01` })
    .check();
  await usersTable(page)
    .getByRole("checkbox", { name: `Select ${tag}-02` })
    .check();
  await expect(bar).toContainText("2 users selected");
  await bar.getByRole("button", { name: "Deactivate", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Deactivate 2 users?" })
    .getByRole("button", { name: "Deactivate 2 users" })
    .click();
  await expect(toast(page, "2 users updated.")).toBeVisible();
  await expect(userRow(page, `${tag}-01`)).toContainText("Inactive");
  await expect(userRow(page, `${tag}-02`)).toContainText("Inactive");
  await expect(userRow(page, `${tag}-03`)).not.toContainText("Inactive");

  // The first bulk toast had the same text: let it go, so the next one is this change's own.
  await expect(toast(page, `${plural(n)} updated.`)).toHaveCount(0, { timeout: 15_000 });
  await selectAll();
  await bar.getByRole("button", { name: "Revoke credentials" }).click();
  await page
    .getByRole("dialog", { name: `Revoke the credentials of ${plural(n)}?` })
    .getByRole("button", { name: `Revoke ${plural(n)}` })
    .click();
  await expect(toast(page, `${plural(n)} updated.`)).toBeVisible();
  await expect(usersTable(page).getByText("Revoked", { exact: true })).toHaveCount(n);
});

test("the users page shows full emails and one row of filters at 1440 px, and fits 768 px with its actions in reach", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/users");
  const emails = usersTable(page).locator("tbody td:nth-child(3)");
  await expect(emails.first()).toBeVisible();
  const clipped = await emails.evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).length);
  expect(clipped).toBe(0);
  const filterTops = await page
    .getByRole("combobox")
    .filter({ hasNot: page.locator("#bulk-profile") })
    .evaluateAll((els) => [...new Set(els.map((e) => Math.round(e.getBoundingClientRect().top)))]);
  expect(filterTops).toHaveLength(1);
  // The search box, its button and the selects stand on one line, each as tall as the others.
  const controls = await Promise.all(
    [
      page.getByRole("searchbox", { name: "Search" }),
      page.getByRole("button", { name: "Search", exact: true }),
      filter(page, "Status"),
      filter(page, "Seats"),
    ].map(async (control) => (await control.boundingBox())!),
  );
  expect(new Set(controls.map((c) => Math.round(c.y)))).toEqual(new Set([Math.round(controls[0]!.y)]));
  expect(new Set(controls.map((c) => Math.round(c.height)))).toEqual(new Set([Math.round(controls[0]!.height)]));
  await shot(page, "users-1440");

  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto("/users");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The columns collapse: the table fits its card without scrolling sideways, the row actions
  // are inside the window's width, and the email shows under the username.
  const scroll = await usersTable(page).evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
  expect(scroll).toBeLessThanOrEqual(0);
  const firstRow = usersTable(page).locator("tbody tr").first();
  const actions = (await firstRow.getByRole("button", { name: /^Actions for / }).boundingBox())!;
  expect(actions.x + actions.width).toBeLessThanOrEqual(768);
  await expect(firstRow.getByText(/@/).filter({ visible: true })).toHaveCount(1);
});
