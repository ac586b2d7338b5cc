import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifyWebhook, type WebhookEvent } from "../packages/client/src/webhook";
import { operatorToken } from "./api/support";
import { toast, uniqueTag } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// Webhooks in the console (catalogue area): an operator adds an endpoint (a bad URL is refused
// with a sentence), sees its deliveries with status, response code, latency and next retry, the
// failing flag while the receiver fails, and redelivers once it is fixed. The receiver is a real
// HTTP server on 127.0.0.1 that verifies every signature with the SDK.

test.use({ storageState: storageStatePath("operator") });

test("an operator adds an endpoint, watches a failing delivery and redelivers it", async ({ page, request }) => {
  let secret = "";
  let failing = true;
  const applied: WebhookEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const event = await verifyWebhook(
          req.headers["seatkeeper-signature"] as string,
          Buffer.concat(chunks).toString(),
          secret,
        );
        if (failing) return res.writeHead(500).end();
        if (!applied.some((e) => e.id === event.id)) applied.push(event);
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

  try {
    await page.goto("/catalogue");
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    const form = page.getByRole("form", { name: "Add webhook endpoint" });

    await test.step("a URL with credentials is refused with a sentence under the field", async () => {
      await form.getByLabel("URL").fill("https://admin:secret@crm.example.com/hooks");
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await expect(form.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
      await expect(form.getByText("Webhook URLs must not carry a user name or password")).toBeVisible();
    });

    await test.step("the receiver's URL is added for contract.created; its secret is shown once", async () => {
      await form.getByLabel("URL").fill(url);
      for (const box of await form.getByRole("checkbox").all())
        if ((await box.getAttribute("value")) !== "contract.created") await box.uncheck();
      await form.getByRole("button", { name: "Add endpoint" }).click();
      const shown = page.getByRole("dialog", { name: `Secret of ${url}` });
      secret = (await shown.getByTestId("new-secret").innerText()).trim();
      expect(secret).toMatch(/^whsec_/);
      await shown.getByRole("button", { name: "I have stored it" }).click();
      await expect(shown).toBeHidden();
    });

    const tag = uniqueTag("hook");
    const auth = { authorization: `Bearer ${operatorToken()}` };
    await request.post("/api/v1/manage/modules", { headers: auth, data: { key: tag, name: `Hook ${tag}` } });
    const organization = (
      (await (
        await request.post("/api/v1/manage/organizations", { headers: auth, data: { name: `Hook Org ${tag}` } })
      ).json()) as { organization: { id: string } }
    ).organization;
    const created = await request.post("/api/v1/manage/contracts", {
      headers: auth,
      data: { organizationId: organization.id, pools: [{ module: tag, model: "concurrent", capacity: 1 }] },
    });
    expect(created.status()).toBe(201);

    const endpoint = page.getByRole("region", { name: `Endpoint ${url}` });
    const deliveries = page.getByRole("table", { name: `Last deliveries to ${url}` });

    await test.step("the failing receiver's delivery shows 500, its next retry and the failing flag", async () => {
      await expect
        .poll(
          async () => {
            await page.reload();
            return deliveries.getByRole("row").filter({ hasText: "500" }).count();
          },
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      const row = deliveries.getByRole("row").filter({ hasText: "contract.created" }).first();
      await expect(row).toContainText("pending");
      await expect(row).toContainText(/\d+ ms/);
      await expect(row.getByRole("cell").nth(6)).not.toHaveText("—");
      await expect(endpoint.getByText(/Failing since/)).toBeVisible();
    });

    await test.step("fixed, the receiver gets it on redelivery: delivered, 204, no longer failing", async () => {
      failing = false;
      const row = deliveries.getByRole("row").filter({ hasText: "contract.created" }).first();
      await row.getByRole("button", { name: /Redeliver/ }).click();
      await expect(toast(page, "Queued")).toBeVisible();
      await expect
        .poll(
          async () => {
            await page.reload();
            return deliveries.getByRole("row").filter({ hasText: "delivered" }).count();
          },
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      await expect(deliveries.getByRole("row").filter({ hasText: "delivered" }).first()).toContainText("204");
      await expect(endpoint.getByText(/Failing since/)).toBeHidden();
      expect(applied.filter((e) => e.organizationId === organization.id).map((e) => e.type)).toEqual([
        "contract.created",
      ]);
    });

    await test.step("disabled by the operator", async () => {
      await endpoint.getByRole("button", { name: `Disable ${url}` }).click();
      await expect(endpoint.getByText("Disabled")).toBeVisible();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
