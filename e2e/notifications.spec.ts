import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { linkIn, mailInFolder, type ReceivedMail } from "@/lib/testing/mail-server";
import { createProfile, createUser, ok, openedSession, provision } from "./api/support";
import { expectNoViolations } from "./axe";
import { shownUsernames } from "./console-helpers";
import { storageStatePath } from "./fixtures";
import { expectFocusKept } from "./focus";

// Owners are told in time: an owner of a fresh organization chooses what is e-mailed on the
// account page, a pool filled through the client API (with the test's own contract key) becomes a
// notice in the console's list and an e-mail at the run's real SMTP server
// (scripts/e2e-mail-server.ts), and the unsubscribe link that e-mail carries turns the kind off.

const PASSWORD = "amber-canyon-whistle-73";

// A toast appears fully drawn under reduced motion, so axe never measures one mid-fade.
test.use({ reducedMotion: "reduce" });
// The owner's invitation is accepted with a new password (argon2 hashing).
test.describe.configure({ timeout: 120_000 });

const mailFolder = () => path.join(process.env.SEATKEEPER_E2E_DATA_DIR!, "mail");
const choices = (page: Page) => page.getByRole("form", { name: "Notification e-mails" });

test("an owner chooses what is e-mailed, sees a full pool listed and e-mailed, and its e-mail's link turns the kind off", async ({
  page,
  request,
}) => {
  const t = await provision(request, { cm: { model: "concurrent", capacity: 1, name: "Notices CAD" } }, "Notices");
  const email = `owner-${t.tag}@notices.e2e.test`;
  const { invitation } = await ok<{ invitation: { url: string } }>(
    t.manage.post(`/api/v1/manage/organizations/${t.organization.id}/invitations`, { email, role: "owner" }),
    201,
  );
  await page.goto(invitation.url);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByTestId("role-badge")).toHaveText("Owner");

  // A choice saved on the account page stays after a reload; focus stays on the button.
  await page.goto("/account#notifications");
  const renewals = choices(page).getByLabel("Renewal ahead (30, 7 and 1 days before a contract ends unrenewed)");
  await expect(renewals).toHaveValue("immediately");
  await expect(choices(page).getByLabel("A pool is full")).toHaveValue("immediately");
  await renewals.selectOption({ label: "Daily digest (08:00)" });
  const save = choices(page).getByRole("button", { name: "Save notification choices" });
  await save.click();
  await expect(page.getByText("Your notification choices were saved.")).toBeVisible();
  await expect(save).toBeFocused();
  await expectFocusKept(page);
  await expectNoViolations(page, "the account page's notification choices");
  await page.reload();
  await expect(renewals).toHaveValue("digest");

  // The pool fills through the client API: the job leader's feed lists it and mails it at once.
  await openedSession(t.client, { module: t.modules.cm, clientType: "desktop", deviceId: `notices-${t.tag}` });
  const title = `${t.moduleNames.cm} is full`;
  await page.goto("/notifications");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("notice-list").getByRole("link", { name: title })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const notice = page.getByTestId("notice-list").getByRole("listitem").filter({ hasText: title });
  await expect(notice).toContainText("1 of 1 licences in use: the next request is refused.");
  await expectNoViolations(page, "the notifications page");

  let mail: ReceivedMail | undefined;
  await expect
    .poll(() => (mail = mailInFolder(mailFolder(), email).find((m) => m.subject === `Seatkeeper: ${title}`)), {
      timeout: 30_000,
    })
    .toBeTruthy();
  await expect(async () => {
    await page.reload();
    await expect(notice).toContainText("E-mailed", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  expect(mail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  const unsubscribe = linkIn(mail!, "/unsubscribe/");
  expect(unsubscribe).not.toBeNull();

  // The message's own link: a page that asks first, then turns this kind off for this account.
  await page.goto(unsubscribe!);
  await expect(page.getByText("For “A pool is full”.")).toBeVisible();
  await page.getByRole("button", { name: "Stop these e-mails" }).click();
  await expect(
    page.getByText("You will no longer receive e-mails for “A pool is full”.", { exact: false }),
  ).toBeVisible();
  await page.goto("/account#notifications");
  await expect(choices(page).getByLabel("A pool is full")).toHaveValue("off");
  await expect(renewals).toHaveValue("digest");
});

test.describe("named seats nobody uses", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("the usage and contract pages count the seats unused for 30 days with their cost and link to those users", async ({
    page,
    request,
  }) => {
    const t = await provision(
      request,
      { cad: { model: "named", capacity: 5, name: "Unused CAD", pricePerLicense: 4_500 } },
      "Unused seats",
      { currency: "EUR" },
    );
    const profile = await createProfile(t, "Engineers", [t.modules.cad]);
    for (const username of ["ada", "bob"])
      await createUser(t, { username, profileId: profile.id, credentials: "issued" });
    await createUser(t, { username: "cy", credentials: "issued" }); // no profile: no seat
    const line = `${t.moduleNames.cad}: 2 named seats unused for 30 days · €90.00/month`;

    await page.goto(`/contract?org=${t.organization.id}`);
    await expect(page.getByTestId("unused-seats")).toHaveText(line);

    await page.goto(`/usage?org=${t.organization.id}`);
    const unused = page.getByRole("region", { name: "Named seats nobody uses" });
    await expect(unused.getByTestId("unused-seats")).toHaveText(line);
    await expectNoViolations(page, "the usage page with unused seats");
    await unused.getByRole("link", { name: "2 named seats unused for 30 days" }).click();
    await expect(page).toHaveURL(/\/users\?.*seat=yes.*unused=30/);
    await expect.poll(() => shownUsernames(page)).toEqual(["ada", "bob"]);
  });
});
