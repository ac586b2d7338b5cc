import { expect, test, type Page } from "@playwright/test";
import { freePort, startAppServer } from "./sso/app-server";
import { startIdentityProvider, type IdentityProvider } from "./sso/identity-provider";

// Single sign-on (SPEC §6) end to end: a Seatkeeper server of its own, configured for a real
// OpenID provider started here on 127.0.0.1. The suite's server has no single sign-on.
test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

let idp: IdentityProvider;
let app: Awaited<ReturnType<typeof startAppServer>>;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const port = await freePort();
  // localhost, not 127.0.0.1: Next.js rewrites loopback addresses to localhost in request URLs,
  // and the redirect URI must match exactly.
  idp = await startIdentityProvider(`http://localhost:${port}/api/auth/callback/oidc`);
  app = await startAppServer(port, {
    AUTH_URL: `http://localhost:${port}`,
    SEATKEEPER_OIDC_ISSUER: idp.issuer,
    SEATKEEPER_OIDC_CLIENT_ID: idp.clientId,
    SEATKEEPER_OIDC_CLIENT_SECRET: idp.clientSecret,
    SEATKEEPER_OIDC_NAME: "Fjord ID",
  });
});

test.afterAll(async () => {
  await app?.stop();
  await idp?.close();
});

test.beforeEach(async ({ context }) => {
  // Only this machine: the provider's development login page links a web font.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
  idp.setImpostor(false);
});

async function signInWithProvider(page: Page, login: string) {
  await page.goto(`${app.url}/login?callbackUrl=%2Fusers`);
  await page.getByRole("button", { name: "Sign in with Fjord ID" }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("signs an existing console account in by its verified email", async ({ page }) => {
  await signInWithProvider(page, "fjord-owner");
  await expect(page).toHaveURL(`${app.url}/users`);
  await expect(page.getByTestId("role-badge")).toHaveText("Owner");
  await expect(page.getByTestId("signed-in-email")).toHaveText("owner@fjord.test");
});

test("refuses an email the provider has not verified, with a sentence", async ({ page }) => {
  await signInWithProvider(page, "unverified-owner");
  await expect(page).toHaveURL(/\/login\?error=SsoUnverified/);
  await expect(page.getByRole("alert").filter({ hasText: "has not verified your email" })).toBeVisible();
  await page.goto(`${app.url}/dashboard`);
  await expect(page).toHaveURL(/\/login/);
});

test("refuses an email no console account has, creating none", async ({ page }) => {
  await signInWithProvider(page, "stranger");
  await expect(page).toHaveURL(/\/login\?error=SsoUnknown/);
  await expect(page.getByRole("alert").filter({ hasText: "No console account uses the email" })).toBeVisible();
  await page.goto(`${app.url}/dashboard`);
  await expect(page).toHaveURL(/\/login/);
});

test("refuses a provider whose discovery names another issuer", async ({ page }) => {
  idp.setImpostor(true);
  await page.goto(`${app.url}/login`);
  await page.getByRole("button", { name: "Sign in with Fjord ID" }).click();
  await expect(page).toHaveURL(/\/login\?error=Configuration/);
  await expect(page.getByRole("alert").filter({ hasText: "could not be verified" })).toBeVisible();
});

test("next-auth's URLs use AUTH_URL whatever Host the request carried", async ({ request }) => {
  const providers = await request.get(`${app.url}/api/auth/providers`, { headers: { host: "somewhere.invalid" } });
  const body = (await providers.json()) as Record<string, { signinUrl: string; callbackUrl: string }>;
  expect(body.oidc?.callbackUrl).toBe(`${app.url}/api/auth/callback/oidc`);
  expect(body.credentials?.signinUrl).toBe(`${app.url}/api/auth/signin/credentials`);
  const signin = await request.get(`${app.url}/api/auth/signin`, {
    headers: { host: "somewhere.invalid" },
    maxRedirects: 0,
  });
  expect(signin.headers().location).toBe(`/login?callbackUrl=${encodeURIComponent(app.url)}`);
});
