import path from "node:path";
import { expect, test } from "@playwright/test";
import { linkIn, mailInFolder } from "@/lib/testing/mail-server";
import { createProfile, createUser, dayFromToday, ok, provision, usagePool, type UserView } from "./api/support";
import { expectNoViolations } from "./axe";
import { storageStatePath } from "./fixtures";
import { expectFocusKept } from "./focus";

// An access review in Chromium from start to revocation and the scheduled decrease: a fresh
// organization's named pool has three seat holders nobody has seen use it, two of them managed by
// Mia; a review is started from the contract page's unused-seats line, Mia's e-mail (received by
// the run's SMTP server) links her, without a console account, to a page of her two reports, which
// she marks remove there; the third is marked keep in the console; finishing shows the licence
// impact first and revokes both in one change, and the offered decrease is scheduled for renewal
// with one click; then the pool's auto-reclaim is set. Vendor staff act for the organization (the
// operator's sign-in).

test.use({ storageState: storageStatePath("operator"), reducedMotion: "reduce" });

const mailFolder = () => path.join(process.env.SEATKEEPER_E2E_DATA_DIR!, "mail");

test("an access review revokes the users marked remove in one change and schedules the matching decrease", async ({
  page,
  request,
  browser,
}) => {
  // A second browser context (the manager's) and an e-mail to wait for: longer than one minute here.
  test.slow();
  const t = await provision(request, { cad: { model: "named", capacity: 5, name: "Review CAD" } }, "Review", {
    endsAt: dayFromToday(120),
  });
  const profile = await createProfile(t, `Drafting ${t.tag}`, [t.modules.cad]);
  // Mia manages Bob (and Cy, once set in the console); she holds no seat herself, so she is not reviewed.
  const mia = await createUser(t, { username: "mia" });
  const users: Record<string, UserView> = {};
  for (const username of ["bob", "cy", "dee"])
    users[username] = await createUser(t, {
      username,
      profileId: profile.id,
      credentials: "issued",
      managerId: username === "bob" ? mia.id : null,
    });
  const org = t.organization.id;
  const moduleName = t.moduleNames.cad;

  // Cy's manager is set on her page in the console: herself is refused under the field, Mia is taken.
  await page.goto(`/users/${users.cy!.id}?org=${org}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit cy" });
  const managerField = edit.getByLabel("Manager");
  await managerField.fill("CY");
  await edit.getByRole("button", { name: "Save user" }).click();
  await expect(edit.getByText("A user can't be their own manager.")).toBeVisible();
  await expect(managerField).toHaveAttribute("aria-invalid", "true");
  await expect(managerField).toBeFocused();
  await expectNoViolations(page, "the user form with a refused manager");
  await managerField.fill("mia");
  await edit.getByRole("button", { name: "Save user" }).click();
  await expect(edit).toBeHidden();
  await expectFocusKept(page);
  await expect(page.getByRole("link", { name: "mia", exact: true })).toBeVisible();

  await page.goto(`/contract?org=${org}`);
  await expect(page.getByTestId("unused-seats")).toContainText("3 named seats unused for 30 days");
  const start = page.getByRole("form", { name: `Access review of ${moduleName}` });
  await expectNoViolations(page, "the contract page with its access review form");
  // A day already past is refused under the field, which takes focus; nothing starts.
  const due = start.getByLabel("Review due by");
  await due.fill(dayFromToday(-1));
  await start.getByRole("button", { name: "Start access review" }).click();
  await expect(start.getByText("The review can be due today at the earliest.")).toBeVisible();
  await expect(due).toBeFocused();
  await due.fill(dayFromToday(14));
  await start.getByRole("button", { name: "Start access review" }).click();

  await expect(page.getByRole("heading", { name: `Access review: ${moduleName}` })).toBeVisible();
  const table = page.getByRole("table", { name: "Users to review" });
  await expect(table.getByRole("row")).toHaveCount(4);
  // Who decides: Mia her two reports, by her link; the owners and admins Dee.
  const row = (username: string) => table.getByRole("row").filter({ hasText: username });
  await expect(row("bob")).toContainText("mia (manager)");
  await expect(row("dee")).toContainText("Owners and admins");

  // Mia's one e-mail, its link opened in a browser with no console session.
  const miaMails = () =>
    mailInFolder(mailFolder(), `mia@${t.tag}.test`).filter((m) => m.subject.startsWith("Access review of"));
  await expect.poll(() => miaMails().length, { timeout: 30_000 }).toBe(1);
  expect(miaMails()[0]!.subject).toContain(`Access review of ${moduleName}: decide by`);
  const link = linkIn(miaMails()[0]!, "/review-link/");
  expect(link).not.toBeNull();
  const outsider = await browser.newContext({ storageState: { cookies: [], origins: [] }, reducedMotion: "reduce" });
  try {
    const linkPage = await outsider.newPage();
    await linkPage.goto(new URL(link!).pathname);
    await expect(linkPage.getByRole("heading", { name: `Access review: ${moduleName}` })).toBeVisible();
    await expect(linkPage.getByText(/^For mia, at .*to be decided by the end of/)).toBeVisible();
    const reports = linkPage.getByRole("list", { name: "People you manage in this review" });
    await expect(reports.getByRole("listitem")).toHaveCount(2);
    await expect(reports).not.toContainText("dee");
    await expectNoViolations(linkPage, "a manager's access review link");
    for (const username of ["bob", "cy"]) {
      const remove = linkPage.getByRole("group", { name: `Decision for ${username}` }).getByRole("button", {
        name: "Remove",
      });
      await remove.click();
      await expect(remove).toHaveAttribute("aria-pressed", "true");
      await expectFocusKept(linkPage);
    }
    await expect(linkPage.getByTestId("review-link-progress")).toHaveText(
      "All decided. You can still change a decision until the review ends.",
    );
    await expectNoViolations(linkPage, "a manager's access review link, all decided");
  } finally {
    await outsider.close();
  }

  const decide = async (username: string, decision: "Keep" | "Remove") => {
    const radio = page.getByRole("group", { name: `Decision for ${username}` }).getByRole("radio", { name: decision });
    await radio.check();
    await expect(radio).toBeChecked();
  };
  await decide("dee", "Keep");
  await expectFocusKept(page);
  // Each decision is saved as it is chosen (the decisions are busy until then): a reload shows them.
  await expect(page.locator("fieldset[aria-busy=true]")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("3 of 3 marked")).toBeVisible();
  await expect(row("bob")).toContainText("Decided by mia via review link");
  await expect(row("cy")).toContainText("Decided by mia via review link");
  await expectNoViolations(page, "the access review page");

  await page.getByRole("button", { name: "Finish review" }).click();
  const dialog = page.getByRole("dialog", { name: "Finish the access review?" });
  await expect(dialog.getByTestId("review-preview")).toContainText(
    "The credentials of 2 users marked remove are revoked in one change.",
  );
  await expect(dialog.getByTestId("review-preview")).toContainText(`${moduleName}: frees 2 licences`);
  await expectNoViolations(page, "the access review's finishing dialog");
  await dialog.getByRole("button", { name: "Finish and revoke" }).click();
  await expect(dialog).toBeHidden();
  const outcome = page.getByTestId("review-outcome");
  await expect(outcome).toContainText("Credentials of 2 users were revoked.");
  await expectFocusKept(page);

  const credentials = async () => {
    const { users: listed } = await ok<{ users: UserView[] }>(
      t.manage.get(`/api/v1/manage/organizations/${org}/users`),
    );
    return Object.fromEntries(listed.map((u) => [u.username, u.credentials]));
  };
  expect(await credentials()).toEqual({ bob: "revoked", cy: "revoked", dee: "issued", mia: "none" });
  expect((await usagePool(t, t.modules.cad)).inUse).toBe(1);

  // The owner's offer: the pool's decrease by the two seats, scheduled for renewal in one click.
  await outcome.getByRole("button", { name: "Schedule the decrease to 3" }).click();
  await expect(outcome).toContainText("A decrease to 3 is scheduled for the renewal");
  await expectFocusKept(page);
  await expectNoViolations(page, "the finished access review");
  const { contract } = await ok<{
    contract: { pools: { module: string; capacity: number; scheduledCapacity: number }[] };
  }>(t.manage.get(`/api/v1/manage/contracts/${t.contract.id}`));
  expect(contract.pools).toEqual([
    expect.objectContaining({ module: t.modules.cad, capacity: 5, scheduledCapacity: 3 }),
  ]);

  // The owner's other way to free unused seats: auto-reclaim, off until set; a week or less is refused.
  await page.goto(`/contract?org=${org}`);
  await page.getByRole("button", { name: `Auto-reclaim of ${moduleName}` }).click();
  const reclaim = page.getByRole("dialog", { name: `Auto-reclaim: ${moduleName}` });
  const days = reclaim.getByLabel("Revoke credentials after (days unused)");
  await expect(days).toHaveValue("");
  await days.fill("7");
  await reclaim.getByRole("button", { name: "Save auto-reclaim" }).click();
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expect(days).toBeFocused();
  await expectNoViolations(page, "the auto-reclaim dialog with its refusal");
  await days.fill("60");
  await reclaim.getByRole("button", { name: "Save auto-reclaim" }).click();
  await expect(reclaim).toBeHidden();
  await expect(page.getByText("Auto-reclaim after 60 days unused")).toBeVisible();
  await expectFocusKept(page);

  // Every step is on the audit log, in words.
  await page.goto(`/audit?org=${org}`);
  for (const label of ["Access review started", "Access review decision marked", "Access review finished"])
    await expect(page.getByRole("cell", { name: label }).first()).toBeVisible();
});
