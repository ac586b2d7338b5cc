import { expect } from "@playwright/test";
import { ok, openedSession, provision, refused, test } from "./api/support";
import { storageStatePath } from "./fixtures";

// Borrowed seats (rule 25) through the running server: a client borrows its session's seat for
// offline use, the operator sees it under "Borrowed seats" on the organization's sessions page
// and revokes it, and the client's next heartbeat is told so. Every API answer is checked against
// the OpenAPI document (the API specs' `test`).

test.use({ storageState: storageStatePath("operator") });

test("the operator sees a borrowed seat on the sessions page and revokes it", async ({ page, request }) => {
  const t = await provision(request, { desk: { model: "concurrent", capacity: 4, name: "Desk" } }, "Borrow Org");
  const pool = `/api/v1/manage/contracts/${t.contract.id}/pools/${t.modules.desk}`;
  // Borrowing is off until the pool allows it.
  const a = await openedSession(t.client, { module: t.modules.desk, clientType: "desktop", deviceId: "laptop-a" });
  await refused(t.client.post(`/api/v1/sessions/${a.id}/borrow`, { hours: 8 }), 403, "BORROW_NOT_ALLOWED");
  await ok(t.manage.patch(pool, { maxBorrowHours: 72, borrowPercent: 25 }));

  const { borrow } = await ok<{ borrow: { id: string; leaseToken: string; entitlements: string[] } }>(
    t.client.post(`/api/v1/sessions/${a.id}/borrow`, { hours: 48 }),
  );
  expect(borrow.entitlements).toEqual([t.modules.desk]);
  const b = await openedSession(t.client, { module: t.modules.desk, clientType: "desktop", deviceId: "laptop-b" });
  const limit = await refused(
    t.client.post(`/api/v1/sessions/${b.id}/borrow`, { hours: 8 }),
    409,
    "BORROW_LIMIT_REACHED",
  );
  expect(limit).toMatchObject({ limit: 1, borrowed: 1 });
  await refused(t.client.post(`/api/v1/sessions/${a.id}/borrow`, { hours: 99 }), 409, "SESSION_ALREADY_BORROWED");

  await page.goto(`/sessions?org=${t.organization.id}`);
  const section = page.getByRole("region", { name: "Borrowed seats" });
  const row = section.getByRole("row").filter({ hasText: "laptop-a" });
  await expect(row).toBeVisible();
  await expect(row).toContainText(t.moduleNames.desk);
  await expect(row).toContainText("for 48 h");
  await expect(section.getByRole("row").filter({ hasText: "laptop-b" })).toHaveCount(0);

  await row.getByRole("button", { name: /Revoke borrow of anonymous on laptop-a/ }).click();
  await page
    .getByRole("dialog", { name: "Revoke this borrowed seat?" })
    .getByRole("button", { name: "Revoke borrow" })
    .click();
  await expect(section.getByText("No borrowed seats")).toBeVisible();

  const gone = await refused(t.client.post(`/api/v1/sessions/${a.id}/heartbeat`), 404, "SESSION_NOT_FOUND");
  expect(gone.reason).toBe("borrow_revoked");
  const { borrows } = await ok<{ borrows: { id: string; endReason: string }[] }>(
    t.manage.get(`/api/v1/manage/organizations/${t.organization.id}/borrows?status=all`),
  );
  expect(borrows).toEqual([expect.objectContaining({ id: borrow.id, endReason: "borrow_revoked" })]);
  // The seat is free again: laptop-b may borrow now, and return it.
  const again = await ok<{ borrow: { id: string } }>(t.client.post(`/api/v1/sessions/${b.id}/borrow`, { hours: 8 }));
  expect((await t.client.post(`/api/v1/borrows/${again.borrow.id}/return`)).status()).toBe(204);
});
