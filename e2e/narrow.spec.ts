import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { Caller, ok, operatorToken, uniqueTag } from "./api/support";
import { demoOrganizationName, storageStatePath } from "./fixtures";

// At 768 px (a tablet, a half-screen window) the row actions are on screen without scrolling the
// table sideways: the secondary columns fold into the first cell instead of being cut off.

test.use({ viewport: { width: 768, height: 1024 } });

/** The element lies inside the viewport horizontally, and its table does not scroll sideways. */
async function expectReachable(page: Page, target: Locator) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(768);
  // Its table fits its card: nothing to scroll sideways to.
  const scrolls = await target.evaluate((el) => {
    const box = el.closest("table")!.parentElement!;
    return box.scrollWidth > box.clientWidth + 1;
  });
  expect(scrolls).toBe(false);
}

test.describe("as the owner", () => {
  test.use({ storageState: storageStatePath("owner") });

  test("the contract table's Change buttons are in the viewport, with the folded columns still shown", async ({
    page,
  }) => {
    await page.goto("/contract");
    for (const name of ["Case Management", "Document Management"]) {
      const change = page.getByRole("button", { name: `Change capacity of ${name}` });
      await expectReachable(page, change);
      const row = page.getByRole("row").filter({ has: change });
      await expect(row.getByTestId("pool-summary")).toContainText(
        /bounds \d+ – (\d+|no max) · overage \d+% · limit \d+/,
      );
    }
    await page.screenshot({ path: test.info().outputPath("contract-768.png"), fullPage: true });
  });
});

test.describe("as the administrator", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("the sessions table's End button is in the viewport and ends the session", async ({ page, request }) => {
    // A key of Fjord Legal's own, made by the operator: the demo's keys are written only where the
    // run loaded the demo (not on a database an earlier suite seeded).
    const manage = new Caller(request, operatorToken());
    const { organizations } = await ok<{ organizations: { id: string; name: string }[] }>(
      manage.get(`/api/v1/manage/organizations?name=${encodeURIComponent(demoOrganizationName)}`),
    );
    const fjord = organizations.find((o) => o.name === demoOrganizationName)!;
    const { contracts } = await ok<{ contracts: { id: string }[] }>(
      manage.get(`/api/v1/manage/contracts?organizationId=${fjord.id}&status=active&module=case-management`),
    );
    const key = await ok<{ secret: string }>(
      manage.post(`/api/v1/manage/contracts/${contracts[0]!.id}/api-keys`, { name: `narrow ${uniqueTag()}` }),
      201,
    );
    const deviceId = `e2e-narrow-${randomUUID().slice(0, 8)}`;
    const opened = await request.post("/api/v1/sessions", {
      headers: { authorization: `Bearer ${key.secret}` },
      data: { module: "case-management", clientType: "desktop", deviceId, username: "ingrid.berg" },
    });
    expect(opened.status()).toBe(201);

    await page.goto("/sessions");
    const end = page.getByRole("button", { name: `End session of ingrid.berg on ${deviceId}` });
    await expectReachable(page, end);
    await expect(page.getByRole("row").filter({ has: end })).toContainText(/Desktop · started/);
    await page.screenshot({ path: test.info().outputPath("sessions-768.png"), fullPage: true });
    await end.click();
    const confirm = page.getByRole("dialog", { name: "End this session?" });
    await confirm.getByRole("button", { name: "End session" }).click();
    await expect(confirm).toBeHidden();
    await expect(end).toHaveCount(0);
  });
});
