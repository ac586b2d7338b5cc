import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { uniqueTag } from "./api/support";
import { expectNoViolations } from "./axe";
import { shot } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// The operator's catalogue (SPEC §5): modules, plans, organizations, contracts and operator
// tokens, all made here with unique names, so parallel specs and re-runs don't collide. The
// client API is called with a key made in the test, to prove a suspended contract is refused.

test.use({ storageState: storageStatePath("operator"), reducedMotion: "reduce" });

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Adds a module on the catalogue page. */
async function addModule(page: Page, key: string, name: string) {
  const form = page.getByRole("form", { name: "Add module" });
  await form.getByLabel("Key").fill(key);
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add module" }).click();
}

/** Creates a key on the contract page of the organization and answers its secret. */
async function createApiKey(page: Page, organizationId: string, name: string) {
  await page.goto(`/contract?org=${organizationId}`);
  await page.getByRole("button", { name: "Create API key" }).click();
  const create = page.getByRole("dialog", { name: "Create API key" });
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
  const secret = (await shown.getByTestId("new-secret").innerText()).trim();
  await shown.getByRole("button", { name: "I have stored it" }).click();
  await expect(shown).toBeHidden();
  return secret;
}

/** Opens a session on the client API, as an integration identified by its device. */
const openSession = (request: APIRequestContext, secret: string, module: string, tag: string) =>
  request.post("/api/v1/sessions", {
    headers: { authorization: `Bearer ${secret}` },
    data: { module, clientType: "integration", deviceId: `probe-${tag}` },
  });

test("a module, a plan, an organization and its contract: suspended, it refuses the client API; resumed, it serves again", async ({
  page,
  request,
}) => {
  const tag = uniqueTag();
  const moduleKey = `probe-${tag}`;
  const moduleName = `Probe Module ${tag}`;
  const planName = `Probe Plan ${tag}`;
  const organizationName = `Probe Org ${tag}`;
  const siteId = `PR-${tag}`;

  await test.step("the catalogue gets a module; a malformed key is refused under its field", async () => {
    await page.goto("/catalogue");
    await addModule(page, "Not A Key", moduleName);
    const form = page.getByRole("form", { name: "Add module" });
    await expect(form.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
    await expect(
      form.getByText("A module key is lower-case words joined by hyphens, like case-management"),
    ).toBeVisible();
    await expect(page.getByRole("cell", { name: moduleName })).toHaveCount(0);

    await addModule(page, moduleKey, moduleName);
    await expect(page.getByText("Module saved.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: moduleName })).toContainText(moduleKey);
  });

  await test.step("a plan with a concurrent pool of that module", async () => {
    const form = page.getByRole("form", { name: "Create plan" });
    await form.getByLabel("Plan name").fill(planName);
    await form.getByLabel("Module", { exact: true }).selectOption({ label: moduleName });
    await form.getByLabel("Model").selectOption("concurrent");
    await form.getByLabel("Included").fill("2");
    await form.getByLabel("Maximum").fill("1");
    await form.getByRole("button", { name: "Create plan" }).click();
    // The maximum below the included capacity is refused in words, and nothing is created.
    await expect(form.getByRole("alert")).toContainText("the maximum capacity cannot be below the included capacity");
    await expect(page.getByRole("cell", { name: planName })).toHaveCount(0);

    await form.getByLabel("Maximum").fill("5");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByText("Plan created.")).toBeVisible();
    const planRow = page.getByRole("row").filter({ hasText: planName });
    await expect(planRow).toContainText(moduleName);
    await expect(planRow).toContainText("Concurrent");
  });

  const organizationId =
    await test.step("an organization: a taken site ID is refused under its field, then it is created", async () => {
      await page.goto("/organizations");
      await page.getByRole("link", { name: "New organization" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "New organization" })).toBeVisible();
      const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create organization" }) });
      await form.getByLabel("Name").fill(organizationName);
      // The time zone is picked from the server's IANA list (typed any case); another name is refused
      // under its field before anything is sent.
      const zone = form.getByRole("combobox", { name: "Time zone" });
      await expect(zone).toHaveValue("UTC");
      await expect(zone).toHaveAccessibleDescription(/^UTC is UTC\+00:00 now\./);
      await zone.fill("Mars/Olympus_Mons");
      await form.getByRole("button", { name: "Create organization" }).click();
      await expect(zone).toHaveAttribute("aria-invalid", "true");
      await expect(zone).toBeFocused();
      await expect(zone).toHaveAccessibleDescription(
        "“Mars/Olympus_Mons” is not a time zone. Choose one from the list, such as Europe/Oslo or UTC.",
      );
      await expectNoViolations(page, "a refused time zone");
      await shot(page, "organization-time-zone-refused", form);
      await expect(page).toHaveURL(/\/organizations\/new$/);
      await zone.fill("europe/oslo");
      await expect(zone).toHaveAccessibleDescription(/^Europe\/Oslo is UTC\+0[12]:00 now\./);
      await shot(page, "organization-time-zone-chosen", form);
      await form.getByLabel("Site ID (optional)").fill("FJ-2001");
      await form.getByRole("button", { name: "Create organization" }).click();
      await expect(form.getByLabel("Site ID (optional)")).toHaveAttribute("aria-invalid", "true");
      await expect(form.getByText('The site ID "FJ-2001" is already taken.')).toBeVisible();
      await expect(page).toHaveURL(/\/organizations\/new$/);

      await form.getByLabel("Site ID (optional)").fill(siteId);
      await form.getByRole("button", { name: "Create organization" }).click();
      await expect(page.getByRole("heading", { level: 1, name: organizationName })).toBeVisible();
      await expect(page.getByText(`Site ${siteId}, time zone Europe/Oslo;`)).toBeVisible();
      await expect(page.getByText("No contracts yet")).toBeVisible();
      return /\/organizations\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    });

  await test.step("the organization is found by search, by name and by site ID", async () => {
    for (const term of [organizationName, siteId.toLowerCase()]) {
      await page.goto("/organizations");
      await page.getByRole("searchbox", { name: "Search organizations by name or site ID" }).fill(term);
      await page.getByRole("searchbox").press("Enter");
      await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(term).replace(/%20/g, "(\\+|%20)")}`));
      const rows = page.getByRole("table", { name: "Organizations" }).getByRole("row");
      await expect(rows).toHaveCount(2); // the header and the one match
      await expect(rows.nth(1)).toContainText(siteId);
    }
    // From the list, its contracts page.
    await page.getByRole("row").filter({ hasText: siteId }).getByRole("link", { name: "Contracts" }).click();
    await expect(page).toHaveURL(new RegExp(`/organizations/${organizationId}$`));
  });

  const contract = page.getByRole("region", { name: new RegExp(`^Contract ${planName}`) });

  await test.step("a contract from the plan", async () => {
    await page.getByLabel("Plan").selectOption({ label: planName });
    await expect(page.getByLabel(`Capacity of ${moduleName}`)).toHaveValue("2");
    await expect(page.getByLabel(`Capacity of ${moduleName}`)).toHaveAccessibleDescription(
      "Concurrent pool. Minimum 2 (included in the plan), maximum 5.",
    );
    await page.getByRole("button", { name: "Create contract" }).click();
    await expect(page.getByText("Contract created from the plan.")).toBeVisible();
    await expect(contract.getByTestId("contract-status")).toHaveText("Active");
    await expect(contract).toContainText(/concurrent, 0 of 2/);
  });

  const secret = await createApiKey(page, organizationId, `Probe key ${tag}`);
  expect((await openSession(request, secret, moduleKey, tag)).status()).toBe(201);

  await test.step("suspended: its live session ends and the client API answers CONTRACT_INACTIVE", async () => {
    await page.goto(`/organizations/${organizationId}`);
    await contract.getByRole("button", { name: /^Suspend / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Suspend contract" }).click();
    await expect(page.getByText("Contract suspended; 1 live session ended.")).toBeVisible();
    await expect(contract.getByTestId("contract-status")).toHaveText("Suspended");

    const refused = await openSession(request, secret, moduleKey, tag);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("CONTRACT_INACTIVE");
    const license = await request.get("/api/v1/license", { headers: { authorization: `Bearer ${secret}` } });
    expect((await license.json()).contract.status).toBe("suspended");
  });

  await test.step("resumed: the client API serves again", async () => {
    await contract.getByRole("button", { name: /^Resume / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Resume contract" }).click();
    await expect(page.getByText("Contract resumed.")).toBeVisible();
    await expect(contract.getByTestId("contract-status")).toHaveText("Active");
    expect((await openSession(request, secret, moduleKey, tag)).status()).toBe(201);
  });

  await test.step("an end date is set, and shown", async () => {
    const ends = inDays(90);
    const endForm = contract.getByRole("form", { name: /^End date of / });
    await endForm.getByLabel("End date").fill(ends);
    await endForm.getByRole("button", { name: "Set end date" }).click();
    await expect(page.getByText("Contract updated.")).toBeVisible();
    await page.reload();
    await expect(contract.getByRole("textbox", { name: "End date" })).toHaveValue(ends);
    const shown = new Date(`${ends}T00:00:00Z`).toLocaleDateString("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
    await expect(contract).toContainText(`– ${shown}`);
    const license = await request.get("/api/v1/license", { headers: { authorization: `Bearer ${secret}` } });
    // The API gives the contract's end as an instant: the start of the day after its last day
    // in the organization's zone (rule 20): midnight in Oslo is an hour or two before midnight UTC.
    const utcMidnight = Date.parse(`${ends}T00:00:00Z`) + 86_400_000;
    const osloHours = Number(
      new Intl.DateTimeFormat("en", { timeZone: "Europe/Oslo", timeZoneName: "shortOffset" })
        .formatToParts(new Date(utcMidnight))
        .find((p) => p.type === "timeZoneName")!
        .value.replace("GMT", ""),
    );
    const dayAfter = new Date(utcMidnight - osloHours * 3_600_000).toISOString();
    expect((await license.json()).contract.endsAt).toBe(dayAfter);
  });

  await test.step("each change is in the organization's audit log", async () => {
    await page.goto(`/audit?org=${organizationId}&actor=operator%40seatkeeper.test&from=${today()}`);
    const log = page.getByRole("table");
    for (const action of ["Organization created", "Contract created", "Contract changed"]) {
      await expect(log.getByText(action, { exact: true }).first()).toBeVisible();
    }
  });
});

test("an operator token's secret is shown once, works on the management API, and stops when revoked", async ({
  page,
  request,
}) => {
  const name = `Probe token ${uniqueTag()}`;
  await page.goto("/catalogue");
  const form = page.getByRole("form", { name: "Create operator token" });
  await form.getByLabel("Token name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByRole("dialog", { name: `Secret of ${name}` });
  await expect(shown.getByText("This is the only time the secret is shown")).toBeVisible();
  const secret = (await shown.getByTestId("new-secret").innerText()).trim();
  expect(secret).toMatch(/^sk_op_/);
  await shown.getByRole("button", { name: "I have stored it" }).click();
  await expect(shown).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row).toContainText("Active");
  await expect(page.getByText(secret)).toHaveCount(0);
  // An unknown organization answers 404 to a valid token and 401 to a revoked one.
  const usage = () =>
    request.get(`/api/v1/manage/organizations/${crypto.randomUUID()}/usage`, {
      headers: { authorization: `Bearer ${secret}` },
    });
  expect((await usage()).status()).toBe(404);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke operator token “${name}”?` });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: name })
      .getByRole("button", { name: `Revoke ${name}` }),
  ).toHaveCount(0);
  expect((await usage()).status()).toBe(401);
});

test("the new-organization page finds an existing organization before one is created twice", async ({ page }) => {
  await page.goto("/organizations/new");
  await page.getByRole("search").getByLabel("Name or site ID").fill("fj-2001");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=fj-2001$/);
  const matches = page.getByRole("list", { name: "Matching organizations" });
  await expect(matches.getByRole("link", { name: "Fjord Legal" })).toBeVisible();
  await matches.getByRole("link", { name: "Fjord Legal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Fjord Legal" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Contract / }).first()).toBeVisible();

  await page.goto("/organizations/new?q=no-such-organization-anywhere");
  await expect(page.getByText("No organization matches “no-such-organization-anywhere”.")).toBeVisible();
});
