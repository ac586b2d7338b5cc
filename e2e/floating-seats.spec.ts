import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createProfile, ok, openedSession, provision } from "./api/support";
import { shot, toast } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// Rule 25 in the console: a concurrent pool's settings on the contract page
// (idle timeout, reservations per profile), and the live views of the dashboard and the sessions
// page (who waits in line and how long, idle sessions). Each test provisions an organization of
// its own through the management API and looks at it as the operator.

test.use({ storageState: storageStatePath("operator") });

const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, `axe violations on ${what}`).toEqual([]);
}

/** Screenshots (E2E_SHOTS_DIR) at a desktop and a tablet width. */
async function shots(page: Page, name: string) {
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await shot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("a concurrent pool's idle timeout and reservations are set on the contract page; named pools have none", async ({
  page,
  request,
}) => {
  const t = await provision(request, {
    desk: { model: "concurrent", capacity: 4, name: "Floating Desk" },
    seats: { model: "named", capacity: 2, name: "Named Seats" },
  });
  const profile = await createProfile(t, `Engineers ${t.tag}`, [t.modules.desk]);
  await page.goto(`/contract?org=${t.organization.id}`);
  const settingsOf = (moduleName: string) => page.getByRole("button", { name: `Change settings of ${moduleName}` });
  await expect(settingsOf(t.moduleNames.desk)).toBeEnabled();
  await expect(settingsOf(t.moduleNames.seats)).toHaveCount(0);
  const summary = page.getByRole("row").filter({ hasText: t.moduleNames.desk }).getByTestId("pool-settings");
  await expect(summary).toHaveText("Idle timeout off · Borrowing off");

  await settingsOf(t.moduleNames.desk).click();
  const dialog = page.getByRole("dialog", { name: `Pool settings: ${t.moduleNames.desk}` });
  const save = dialog.getByRole("button", { name: "Save settings" });
  // A bad number is refused under its field, and nothing is saved.
  await dialog.getByLabel("Idle timeout (minutes)").fill("0");
  await save.click();
  await expect(dialog.getByText("The idle timeout must be between 1 and 10,080 minutes")).toBeVisible();

  // More reserved seats than the pool has: the engine's sentence, as it says it.
  await dialog.getByLabel("Idle timeout (minutes)").fill("30");
  await dialog.getByRole("button", { name: "Add reservation" }).click();
  const reservation = dialog.getByRole("group", { name: "Reservation 1" });
  await reservation.getByLabel("Profile").selectOption({ label: profile.name });
  await reservation.getByLabel("Reserved seats").fill("5");
  await save.click();
  await expect(dialog.getByRole("alert")).toHaveText(
    `${t.moduleNames.desk}: 5 seats are reserved for profiles but the pool has 4.`,
  );
  await expectNoViolations(page, "the pool settings dialog with a refusal");
  await shots(page, "pool-settings-dialog");

  await reservation.getByLabel("Reserved seats").fill("2");
  await reservation.getByLabel("Maximum").fill("3");
  await dialog.getByLabel("Longest borrow (hours)").fill("72");
  await dialog.getByLabel("Borrowable share (%)").fill("50");
  await save.click();
  await expect(dialog).toBeHidden();
  await expect(toast(page, "Pool settings saved.")).toBeVisible();
  await expect(settingsOf(t.moduleNames.desk)).toBeFocused();
  await expect(summary).toHaveText(
    `Idle timeout 30 min · Borrowing 72 h at most · Borrowable 50 % · ${profile.name}: 2 reserved, at most 3`,
  );
  // Saved for real: a new page load reads it back.
  await page.reload();
  await expect(summary).toHaveText(
    `Idle timeout 30 min · Borrowing 72 h at most · Borrowable 50 % · ${profile.name}: 2 reserved, at most 3`,
  );
  await expectNoViolations(page, "the contract page with pool settings");
  await shots(page, "contract-pool-settings");

  // Turned off again: an empty timeout and no reservation.
  await settingsOf(t.moduleNames.desk).click();
  await expect(dialog.getByLabel("Idle timeout (minutes)")).toHaveValue("30");
  await dialog.getByLabel("Idle timeout (minutes)").fill("");
  await expect(dialog.getByLabel("Borrowable share (%)")).toHaveValue("50");
  await dialog.getByLabel("Longest borrow (hours)").fill("");
  await dialog.getByRole("button", { name: "Remove reservation 1" }).click();
  await expect(dialog.getByText("No seats are reserved in this pool.")).toBeVisible();
  await save.click();
  await expect(dialog).toBeHidden();
  await expect(summary).toHaveText("Idle timeout off · Borrowing off");
});

test("the dashboard and the sessions page show who waits in line, for how long, and idle sessions", async ({
  page,
  request,
}) => {
  const t = await provision(request, {
    desk: { model: "concurrent", capacity: 1, heartbeatSeconds: 600, name: "Queue Desk" },
  });
  await ok(
    t.manage.patch(`/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.desk}`, { idleTimeoutMinutes: 15 }),
  );
  const desk = t.modules.desk;
  const idle = await openedSession(t.client, { module: desk, clientType: "desktop", deviceId: "idle-pc" });
  await ok(t.client.post(`/api/v1/sessions/${idle.id}/heartbeat`, { idleSeconds: 10 * 60 }));
  // The pool is full: this open waits in line (up to 50 s) for the idle session's seat.
  const waiter = request.post("/api/v1/sessions", {
    headers: { authorization: `Bearer ${t.apiKey.secret}` },
    data: { module: desk, clientType: "desktop", deviceId: "waiting-pc", wait: 50 },
    timeout: 70_000,
  });

  await page.goto(`/dashboard?org=${t.organization.id}`);
  const card = page.getByRole("list", { name: "Licence pools" }).getByRole("region", { name: t.moduleNames.desk });
  await expect(card.getByTestId("pool-queue")).toHaveText(/^1 · longest \d+ s$/);
  await expect(card.getByTestId("pool-idle")).toHaveText("1");
  await expect(card.getByTestId("pool-reclaimable")).toHaveText("0");
  await expectNoViolations(page, "the dashboard with a queue");
  await shots(page, "dashboard-queue");

  await page.goto(`/sessions?org=${t.organization.id}`);
  const pool = page.getByRole("region", { name: "Queue and idle seats" }).getByRole("listitem", {
    name: t.moduleNames.desk,
  });
  await expect(pool.getByTestId("floating-queue")).toHaveText(/^1 · longest \d+ s$/);
  await expect(pool.getByTestId("floating-idle")).toHaveText("1");
  await expect(pool.getByTestId("floating-reclaimable")).toHaveText("0");
  await expect(pool).toContainText("Idle timeout15 min");
  const row = page.getByRole("row").filter({ hasText: "idle-pc" });
  await expect(row).toBeVisible();
  // The client reported 10 min idle on a session seconds old: the row never shows a session idle
  // for longer than it has existed.
  await expect(row.getByTestId("session-idle")).toHaveCount(0);
  await expectNoViolations(page, "the sessions page with a queue");
  await shots(page, "sessions-queue");

  // Idle past the timeout: the session ends, and its seat goes to the one waiting in line.
  const beat = await t.client.post(`/api/v1/sessions/${idle.id}/heartbeat`, { idleSeconds: 16 * 60 });
  expect(beat.status()).toBe(404);
  const served = await waiter;
  expect(served.status()).toBe(201);
  expect(((await served.json()) as { session: { waitedMs: number } }).session.waitedMs).toBeGreaterThan(0);
  // The page follows without a reload.
  await expect(pool.getByTestId("floating-queue")).toHaveText("0");
  await expect(pool.getByTestId("floating-idle")).toHaveText("0");
  await expect(page.getByRole("row").filter({ hasText: "waiting-pc" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "idle-pc" })).toHaveCount(0);
});
