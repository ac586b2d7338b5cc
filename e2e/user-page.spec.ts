import { expect, test } from "@playwright/test";
import { createProfile, createUser, ok, provision, refused } from "./api/support";
import { expectNoViolations } from "./axe";
import { storageStatePath } from "./fixtures";

// SPEC §5 "Support's view of a user": one page with the seats the user holds,
// their live sessions, their devices, the refusals they got and the changes made to them, and no
// way for support to change anything.

test.use({ storageState: storageStatePath("support") });

/** Button names that change something (as in support.spec.ts); none may show to support. */
const mutation =
  /^(new|create|add|edit|delete|remove|rename|revoke|end|import|change|suspend|resume|set|save|issue|deactivate|activate|assign|actions for|select)\b/i;

test("support sees a user's seats, live sessions, devices, denials and changes on one page, read-only", async ({
  page,
  request,
}) => {
  const t = await provision(
    request,
    {
      cases: { model: "named", capacity: 3, name: "Cases" },
      desk: { model: "concurrent", capacity: 1, activationsPerLicense: 2, name: "Desk" },
    },
    "User page",
  );
  const profile = await createProfile(t, "Lawyers", [t.modules.cases, t.modules.desk]);
  const ada = await createUser(t, { username: "Ada", profileId: profile.id, credentials: "issued" });
  // A change made through the management API, to be listed among the changes.
  await ok(t.manage.patch(`/api/v1/manage/users/${ada.id}`, { validTo: "2999-12-31" }));
  await ok(
    t.client.post("/api/v1/sessions", {
      module: t.modules.desk,
      clientType: "desktop",
      deviceId: "ada-pc",
      username: "Ada",
    }),
    201,
  );
  await ok(
    t.client.post("/api/v1/activations", {
      module: t.modules.desk,
      fingerprint: "ada-tablet",
      platform: "mobile",
      username: "Ada",
      name: "Ada's tablet",
    }),
    201,
  );
  // The one Desk seat is Ada's: her second session is refused and recorded as her denial.
  await refused(
    t.client.post("/api/v1/sessions", {
      module: t.modules.desk,
      clientType: "web",
      deviceId: "ada-web",
      username: "Ada",
    }),
    409,
    "SESSION_LIMIT_REACHED",
  );

  await page.goto(`/users?org=${t.organization.id}`);
  await page.getByRole("main").getByRole("table").getByRole("link", { name: "Ada", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ada" })).toBeVisible();
  const main = page.getByRole("main");

  await expect(main.getByRole("list", { name: "Seats held" })).toHaveText(t.moduleNames.cases);
  const live = main.getByRole("region", { name: "Live sessions" });
  await expect(live.getByRole("row").filter({ hasText: "ada-pc" })).toContainText(t.moduleNames.desk);
  const devices = main.getByRole("region", { name: "Devices" });
  await expect(devices.getByRole("row").filter({ hasText: "ada-tablet" })).toContainText("Ada's tablet");

  const denials = main.getByRole("region", { name: "Denials of this user" });
  const denial = denials.getByRole("row").filter({ hasText: "ada-web" });
  await expect(denial).toContainText("SESSION_LIMIT_REACHED");
  await denials.getByRole("link", { name: "All denials of Ada" }).click();
  await expect(page).toHaveURL(/\/denials\?org=[0-9a-f-]{36}&user=[0-9a-f-]{36}/);
  await expect(
    page.getByRole("table", { name: "Denials" }).getByRole("row").filter({ hasText: "ada-web" }),
  ).toHaveCount(1);
  await page.goBack();

  const changes = main.getByRole("region", { name: "Changes to this user" });
  await expect(changes.getByRole("row").filter({ hasText: "User changed" })).toHaveCount(1);
  await expect(changes.getByRole("row").filter({ hasText: "User created" })).toHaveCount(1);

  // Read-only for support: no control that changes anything.
  await expect(main.getByRole("button", { name: mutation })).toHaveCount(0);
  await expect(main.getByRole("checkbox")).toHaveCount(0);
  await expect(main.getByRole("textbox")).toHaveCount(0);
});

test("times read as words relative to now, with the absolute time in the organization's zone on hover and for screen readers", async ({
  page,
  request,
}) => {
  const t = await provision(request, { desk: { model: "concurrent", capacity: 2, name: "Desk" } }, "Times");
  // Tokyo is 9 hours ahead of UTC all year: a title in UTC would read differently.
  await ok(t.manage.patch(`/api/v1/manage/organizations/${t.organization.id}`, { timeZone: "Asia/Tokyo" }));
  const profile = await createProfile(t, "Desk users", [t.modules.desk]);
  const kim = await createUser(t, { username: "Kim", profileId: profile.id, credentials: "issued" });
  await ok(
    t.client.post("/api/v1/sessions", {
      module: t.modules.desk,
      clientType: "desktop",
      deviceId: "kim-pc",
      username: "Kim",
    }),
    201,
  );

  await page.goto(`/users/${kim.id}?org=${t.organization.id}`);
  const heartbeat = page
    .getByRole("region", { name: "Live sessions" })
    .getByRole("row")
    .filter({ hasText: "kim-pc" })
    .locator("time")
    .last();
  await expect(heartbeat).toHaveText(/^(just now|\d+ minutes? ago) \(/);
  const iso = (await heartbeat.getAttribute("datetime"))!;
  const inZone = (timeZone: string) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "short",
    })
      .format(new Date(iso))
      // The console words months in three letters whatever the ICU version ("Sept").
      .replace("Sept", "Sep");
  expect(inZone("Asia/Tokyo")).not.toBe(inZone("UTC"));
  await expect(heartbeat).toHaveAttribute("title", inZone("Asia/Tokyo"));
  // The absolute time is in the element's text, visually hidden, so a screen reader reads it too.
  await expect(heartbeat).toContainText(`(${inZone("Asia/Tokyo")})`);
  await expectNoViolations(page, "a user page with relative times");
});
