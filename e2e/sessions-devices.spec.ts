import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { storageStatePath, type Role } from "./fixtures";

// The administrator of the demo's Fjord Legal ends a live session and revokes a device. The
// session and the device are made for each test through the client API, with an API key the
// owner creates on the contract page (and, for devices, an activation allowance the operator's
// token grants through the management API).

test.use({ storageState: storageStatePath("admin") });

async function asRole<T>(browser: Browser, role: Role, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The secret shown once after creating a key or token. */
async function readSecret(page: Page, name: string) {
  const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
  const secret = (await shown.getByTestId("new-secret").innerText()).trim();
  await shown.getByRole("button", { name: "I have stored it" }).click();
  return secret;
}

function ownerCreatesApiKey(browser: Browser) {
  return asRole(browser, "owner", async (page) => {
    const name = `e2e sessions ${randomUUID().slice(0, 8)}`;
    await page.goto("/contract");
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByRole("dialog", { name: "Create API key" }).getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    return readSecret(page, name);
  });
}

function operatorCreatesToken(browser: Browser) {
  return asRole(browser, "operator", async (page) => {
    const name = `e2e devices ${randomUUID().slice(0, 8)}`;
    await page.goto("/catalogue");
    await page.getByRole("form", { name: "Create operator token" }).getByLabel("Token name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    return readSecret(page, name);
  });
}

test("a session opened by a client appears by itself and the administrator ends it", async ({
  page,
  browser,
  request,
}) => {
  const key = { authorization: `Bearer ${await ownerCreatesApiKey(browser)}` };
  const deviceId = `e2e-pc-${randomUUID().slice(0, 8)}`;
  await page.goto("/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();

  const opened = await request.post("/api/v1/sessions", {
    headers: key,
    data: { module: "case-management", clientType: "desktop", deviceId, username: "ingrid.berg" },
  });
  expect(opened.status()).toBe(201);
  const { session } = (await opened.json()) as { session: { id: string } };

  // No reload: the table polls its route handler.
  const row = page.getByRole("row").filter({ hasText: deviceId });
  await expect(row).toBeVisible();
  await expect(row).toContainText("ingrid.berg");
  await expect(row).toContainText("Desktop");
  await expect(row).toContainText("Case Management");

  // Filters live in the URL.
  await page.goto("/sessions?client=mobile");
  await expect(page.getByLabel("Client type")).toHaveValue("mobile");
  await expect(page.getByRole("row").filter({ hasText: deviceId })).toHaveCount(0);
  await page.getByLabel("Client type").selectOption("desktop");
  await expect(page).toHaveURL(/client=desktop/);
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: `End session of ingrid.berg on ${deviceId}` }).click();
  const confirm = page.getByRole("dialog", { name: "End this session?" });
  // Case Management is a named pool: the seat is ingrid.berg's, not the session's.
  await expect(confirm).toContainText("The named seat stays with the user");
  await expect(confirm).not.toContainText("returns to the pool");
  await confirm.getByRole("button", { name: "End session" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: deviceId })).toHaveCount(0);

  const heartbeat = await request.post(`/api/v1/sessions/${session.id}/heartbeat`, { headers: key });
  expect(heartbeat.status()).toBe(404);
});

test("the administrator revokes a device and its lease can no longer be refreshed", async ({
  page,
  browser,
  request,
}) => {
  const [apiKey, operatorToken] = await Promise.all([ownerCreatesApiKey(browser), operatorCreatesToken(browser)]);
  const key = { authorization: `Bearer ${apiKey}` };
  const license = (await (await request.get("/api/v1/license", { headers: key })).json()) as {
    contract: { id: string };
  };
  const allowance = await request.patch(`/api/v1/manage/contracts/${license.contract.id}/pools/documents`, {
    headers: { authorization: `Bearer ${operatorToken}` },
    data: { extraActivations: 1000 },
  });
  expect(allowance.status()).toBe(200);

  const tag = randomUUID();
  const name = `Laptop ${tag.slice(0, 8)}`;
  const fingerprint = `e2e-${tag}-${tag}`;
  const activated = await request.post("/api/v1/activations", {
    headers: key,
    data: { module: "documents", fingerprint, platform: "desktop", name },
  });
  expect(activated.status()).toBe(201);
  const { activation } = (await activated.json()) as { activation: { id: string } };

  await page.goto("/devices?platform=mobile");
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  await page.goto("/devices?platform=desktop&state=valid");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Valid");
  await expect(row).toContainText("Desktop");
  // The fingerprint is shortened on screen; the full value is in the title.
  await expect(row.locator(`[title="${fingerprint}"]`)).toBeVisible();

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke ${name}?` });
  await confirm.getByRole("button", { name: "Revoke device" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);

  const refresh = await request.post(`/api/v1/activations/${activation.id}/refresh`, { headers: key });
  expect(refresh.status()).toBe(404);
});
