import { expect, test } from "@playwright/test";

// next-auth's own endpoints and the sign-in redirect build absolute URLs from the host the
// browser used (trustHost), never from the address the server listens on (0.0.0.0).
test.describe("absolute URLs", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("next-auth's sign-in endpoint redirects to this host's sign-in page", async ({ request, baseURL }) => {
    const response = await request.get("/api/auth/signin", { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    const location = new URL(response.headers().location!, baseURL);
    expect(location.origin).toBe(new URL(baseURL!).origin);
    expect(location.pathname).toBe("/login");
  });

  test("next-auth's sign-out page and sign-out redirect stay on this host", async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const page = await (await request.get("/api/auth/signout")).text();
    expect(page).not.toContain("0.0.0.0");
    expect(page).toContain(`${origin}/api/auth/signout`);

    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signedOut = await request.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect(signedOut.status()).toBe(302);
    expect(new URL(signedOut.headers().location!, baseURL).origin).toBe(origin);
    expect(signedOut.headers().location).not.toContain("0.0.0.0");
  });

  test("behind a proxy, next-auth and the sign-in redirect follow X-Forwarded-Host", async ({ request }) => {
    const headers = { "x-forwarded-host": "console.example.test", "x-forwarded-proto": "https" };
    const page = await (await request.get("/api/auth/signout", { headers })).text();
    expect(page).toContain("https://console.example.test/api/auth/signout");
    const visit = await request.get("/users", { headers, maxRedirects: 0 });
    expect(visit.headers().location).toMatch(/^https:\/\/console\.example\.test\/login\?callbackUrl=%2Fusers/);
  });
});
