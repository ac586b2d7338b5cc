import { expect, test, type Page, type Response } from "@playwright/test";
import { storageStatePath, type Role } from "./fixtures";

// Every console response carries a strict policy, and every page still runs
// its scripts under it: Next.js bootstraps (window.next) and no policy violation is reported.
const pages: { role: Role | null; path: string }[] = [
  { role: null, path: "/login" },
  ...["/dashboard", "/users", "/profiles", "/sessions", "/devices", "/usage", "/audit", "/contract"].map((path) => ({
    role: "owner" as const,
    path,
  })),
  ...["/organizations", "/organizations/new", "/catalogue", "/no-such-page"].map((path) => ({
    role: "operator" as const,
    path,
  })),
];

function expectConsoleHeaders(response: Response) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Plain HTTP here: no HSTS (it is sent over HTTPS only, see below).
  expect(headers["strict-transport-security"]).toBeUndefined();
}

async function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

for (const { role, path } of pages) {
  test.describe(`${path} as ${role ?? "a visitor"}`, () => {
    test.use({ storageState: role ? storageStatePath(role) : { cookies: [], origins: [] } });

    test("carries the security headers and runs its scripts under the policy", async ({ page }) => {
      const violations = await watchViolations(page);
      const response = await page.goto(path);
      expectConsoleHeaders(response!);
      await expect
        .poll(() => page.evaluate(() => Boolean((window as { next?: { version?: string } }).next?.version)))
        .toBe(true);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      expect(violations).toEqual([]);
    });
  });
}

test.describe("headers outside the pages", () => {
  test("a fresh nonce on every response, and on the scripts of the page", async ({ request }) => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const response = await request.get("/login");
      const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
      expect(nonce).toBeTruthy();
      expect(await response.text()).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test("the redirect of a signed-out visitor and next-auth's endpoints carry them too", async ({ request }) => {
    const redirect = await request.get("/users", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()["x-frame-options"]).toBe("DENY");
    const providers = await request.get("/api/auth/providers");
    expect(providers.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Route handlers answer for themselves: the health check is not sent to the sign-in page.
    expect((await request.get("/api/health", { maxRedirects: 0 })).status()).toBe(200);
  });

  test("HSTS is sent when the console is served over HTTPS (behind a proxy saying so)", async ({ request }) => {
    const response = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    expect(response.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  });
});
