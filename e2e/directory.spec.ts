import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { Caller, dayFromToday, ok, operatorToken, uniqueTag } from "./api/support";
import { expectNoViolations } from "./axe";
import { shot, toast } from "./console-helpers";
import { expectFocusKept } from "./focus";

// The console's directory parts (SCIM 2.0): an administrator of an organization of the test's own
// creates a SCIM token (its secret shown once), a directory provisions with it over real HTTP in
// the shapes Microsoft Entra ID sends, and the console shows the group as a profile with its
// precedence, who gets it and why, and the provisioning log with a refusal for lack of licences
// in words (also on the dashboard). Axe on each state; focus never drops to <body>.

test.use({ reducedMotion: "reduce" });
// One administrator accepts an invitation (argon2 hashing) and walks four pages.
test.describe.configure({ timeout: 120_000 });

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

/** An organization whose named Cases pool holds one licence, its profile "Case handlers", and its invited admin. */
async function organizationWithAdmin(request: APIRequestContext) {
  const manage = new Caller(request, operatorToken());
  const tag = uniqueTag();
  const mod = { key: `cases-${tag}`, name: `Cases ${tag}` };
  await ok(manage.post("/api/v1/manage/modules", mod), 201);
  const { organization } = await ok<{ organization: { id: string } }>(
    manage.post("/api/v1/manage/organizations", { name: `Directory ${tag}` }),
    201,
  );
  await ok(
    manage.post("/api/v1/manage/contracts", {
      organizationId: organization.id,
      startsAt: dayFromToday(-1),
      pools: [{ module: mod.key, model: "named", capacity: 1 }],
    }),
    201,
  );
  await ok(
    manage.post(`/api/v1/manage/organizations/${organization.id}/profiles`, {
      name: "Case handlers",
      modules: [mod.key],
    }),
    201,
  );
  const { invitation } = await ok<{ invitation: { url: string } }>(
    manage.post(`/api/v1/manage/organizations/${organization.id}/invitations`, {
      email: `admin-${tag}@directory.e2e.test`,
      role: "admin",
    }),
    201,
  );
  return { tag, moduleName: mod.name, invitationUrl: invitation.url };
}

async function acceptAsAdmin(browser: Browser, url: string) {
  const context = await browser.newContext({ reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto(url);
  const password = "quartz-meadow-signal-58";
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create account and sign in" }).click();
  await expect(page.getByTestId("role-badge")).toHaveText("Admin");
  return page;
}

/** A SCIM client with a bearer token, sending `application/scim+json` as directories do. */
function scim(request: APIRequestContext, secret: string) {
  const headers = { authorization: `Bearer ${secret}`, "content-type": "application/scim+json" };
  return {
    get: (path: string) => request.get(`/scim/v2${path}`, { headers }),
    post: (path: string, body: unknown) => request.post(`/scim/v2${path}`, { headers, data: JSON.stringify(body) }),
    patch: (path: string, body: unknown) => request.patch(`/scim/v2${path}`, { headers, data: JSON.stringify(body) }),
  };
}

/** Entra ID's POST /Users (its default attribute mappings). */
const entraUser = (userName: string, objectId: string) => ({
  schemas: [USER, ENTERPRISE],
  externalId: objectId,
  userName,
  active: true,
  emails: [{ primary: true, type: "work", value: userName }],
  meta: { resourceType: "User" },
  name: { formatted: userName.split("@")[0], familyName: "Tester", givenName: userName.split("@")[0] },
  roles: [],
});

/** Entra ID's PATCH adding one member to a group. */
const addMember = (userId: string) => ({
  schemas: [PATCH],
  Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }],
});

const tokensCard = (page: Page) =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: "SCIM tokens", exact: true }) });

test("an admin's SCIM token provisions users and groups; the console shows the profiles, their precedence and the log with a refusal in words", async ({
  browser,
  request,
}) => {
  const { tag, moduleName, invitationUrl } = await organizationWithAdmin(request);
  const page = await acceptAsAdmin(browser, invitationUrl);

  // The token: a name is required (said under the field), Escape returns to the opener, the
  // secret is shown once and is gone once its dialog is closed.
  await page.goto("/directory");
  await expect(page.getByRole("heading", { level: 1, name: "Directory" })).toBeVisible();
  await expect(page.getByText("No SCIM requests yet")).toBeVisible();
  await expectNoViolations(page, "the directory page before any request");
  const opener = page.getByRole("button", { name: "Create SCIM token" });
  await opener.click();
  const create = page.getByRole("dialog", { name: "Create SCIM token" });
  await expect(create.getByLabel("Name")).toBeFocused();
  await expectNoViolations(page, "the create-token dialog");
  await page.keyboard.press("Escape");
  await expect(create).toBeHidden();
  await expect(opener).toBeFocused();

  await opener.click();
  await create.getByRole("button", { name: "Create token" }).click();
  await expect(create.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(create.getByLabel("Name")).toBeFocused();
  await create.getByLabel("Name").fill("Entra ID");
  await create.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("dialog", { name: "Secret of Entra ID" });
  await expect(shown.getByRole("alert")).toContainText("This is the only time the secret is shown.");
  const secret = (await shown.getByTestId("new-secret").textContent())!;
  expect(secret).toMatch(/^sk_scim_\S{20,}$/);
  await expectNoViolations(page, "the created SCIM token's secret");
  await shown.getByRole("button", { name: "I have stored it" }).click();
  await expect(shown).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(tokensCard(page).getByRole("row", { name: /Entra ID/ })).toContainText("Never");
  expect(await page.content()).not.toContain(secret);

  // A directory provisions with it: two users, the group of the profile's name, a new group.
  const directory = scim(request, secret);
  const ada = await ok<{ id: string }>(
    directory.post("/Users", entraUser(`ada-${tag}@contoso.test`, "6f1c2a9e-1d1b-4c5e-9f1a-0b7c3d2e4f51")),
    201,
  );
  const bo = await ok<{ id: string }>(
    directory.post("/Users", entraUser(`bo-${tag}@contoso.test`, "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f62")),
    201,
  );
  const handlers = await ok<{ id: string }>(
    directory.post("/Groups", { schemas: [GROUP], displayName: "Case handlers", meta: { resourceType: "Group" } }),
    201,
  );
  await ok(
    directory.post("/Groups", { schemas: [GROUP], displayName: "Night shift", meta: { resourceType: "Group" } }),
    201,
  );
  await ok(directory.patch(`/Groups/${handlers.id}`, addMember(ada.id)));
  // The pool's one licence is Ada's: Bo's membership is refused whole, in words.
  const refusal = await directory.patch(`/Groups/${handlers.id}`, addMember(bo.id));
  expect(refusal.status()).toBe(409);
  const error = (await refusal.json()) as { schemas: string[]; status: string; detail: string };
  expect(error).toMatchObject({ schemas: [ERROR], status: "409" });
  expect(error.detail).toBe(`Not enough licences. ${moduleName}: 1 needed, 0 available.`);

  // The groups as profiles: precedence listed with the groups that link them, a new profile with no modules.
  await page.goto("/profiles");
  const precedence = page.getByRole("list", { name: "Directory profiles, first wins" });
  await expect(precedence.getByRole("listitem")).toHaveText([
    /1\.\s*Case handlers\s*via directory group Case handlers/,
    /2\.\s*Night shift\s*via directory group Night shift/,
  ]);
  await expect(page.getByLabel("Named pools")).toContainText(`${moduleName}: 1 of 1 seats in use, 0 available`);
  await expectNoViolations(page, "the profiles page with directory precedence");
  await shot(page, "profiles-directory-precedence");
  await precedence.getByRole("button", { name: "Move Night shift up" }).click();
  await expect(toast(page, "Precedence saved.")).toBeVisible();
  await expect(precedence.getByRole("listitem").first()).toContainText("Night shift");
  await expectFocusKept(page);

  // Who got which profile, and why.
  await page.goto("/users");
  const adaRow = page
    .getByRole("table", { name: "Users" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: `ada-${tag}@contoso.test`, exact: true }) });
  await expect(adaRow).toContainText("Case handlers");
  await expect(adaRow).toContainText("via directory group Case handlers");

  // The provisioning log: every request, and the refusal with its sentence; filtered to refusals.
  await page.goto("/directory");
  const log = page.getByRole("table", { name: "Provisioning log" });
  await expect(log.getByRole("row").filter({ hasText: "POST /scim/v2/Groups" }).first()).toContainText("changed (201)");
  await expect(log).toContainText(
    'Created group "Night shift", linked to a new profile "Night shift" with no modules.',
  );
  await expect(log).toContainText('Created group "Case handlers", linked to the profile "Case handlers".');
  const refusedRow = log.getByRole("row").filter({ hasText: "refused (409)" });
  await expect(refusedRow).toHaveCount(1);
  await expect(refusedRow).toContainText(`Not enough licences. ${moduleName}: 1 needed, 0 available.`);
  await expect(tokensCard(page).getByRole("row", { name: /Entra ID/ })).not.toContainText("Never");
  await page.getByRole("form", { name: "Filter the provisioning log" }).getByLabel("Outcome").selectOption("refused");
  await page.getByRole("button", { name: "Apply filter" }).click();
  await expect(page).toHaveURL(/[?&]outcome=refused(&|$)/);
  await expect(log.getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(1);
  await expectNoViolations(page, "the provisioning log filtered to refusals");
  await shot(page, "directory-refusals");

  // The dashboard says it too, and links to the refusals.
  await page.goto("/dashboard");
  const banner = page.getByRole("region", { name: "Directory refusals" });
  await expect(banner).toContainText(`Entra ID wanted 1 more ${moduleName} licence today.`);
  await expectNoViolations(page, "the dashboard with a directory refusal");
  await banner.getByRole("link", { name: "See the refused requests" }).click();
  await expect(page).toHaveURL(/\/directory\?.*outcome=refused/);

  // Revoked, the token is refused at once; focus stays on the page.
  await tokensCard(page).getByRole("button", { name: "Revoke Entra ID" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke SCIM token “Entra ID”?" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(toast(page, "SCIM token revoked")).toBeVisible();
  await expectFocusKept(page);
  expect((await directory.get("/Users")).status()).toBe(401);
  await page.context().close();
});
