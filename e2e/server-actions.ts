import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { storageStatePath, type Role } from "./fixtures";

// Crafted server-action calls: a real request is captured from the browser (its action id, path
// and body), then replayed with someone else's cookies or a tampered body, as an attacker would.

export type CapturedAction = { path: string; action: string; contentType: string; body: string };

/**
 * Creates a profile through the profiles page as `role` and keeps the server-action request the
 * browser sent for it.
 */
export async function captureCreateProfile(browser: Browser, role: Role, profileName: string): Promise<CapturedAction> {
  const context = await browser.newContext({ storageState: storageStatePath(role) });
  try {
    const page = await context.newPage();
    await page.goto("/profiles");
    await page.getByRole("button", { name: "New profile" }).click();
    const dialog = page.getByRole("dialog", { name: "New profile" });
    await dialog.getByLabel("Name").fill(profileName);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
      dialog.getByRole("button", { name: "Create profile" }).click(),
    ]);
    await expect(dialog).toBeHidden();
    const headers = request.headers();
    const body = request.postData() ?? "";
    expect(body).toContain(profileName);
    return {
      path: new URL(request.url()).pathname,
      action: headers["next-action"]!,
      contentType: headers["content-type"]!,
      body,
    };
  } finally {
    await context.close();
  }
}

/** Sends a captured action again with `body`, through `request` (and so with its cookies); answers the response text. */
export async function replay(request: APIRequestContext, captured: CapturedAction, body: string) {
  const response = await request.post(captured.path, {
    headers: { "next-action": captured.action, "content-type": captured.contentType, accept: "text/x-component" },
    data: body,
  });
  expect(response.status()).toBe(200);
  return response.text();
}
