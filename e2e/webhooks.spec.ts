import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifyWebhook, type WebhookEvent } from "../packages/client/src/webhook";
import { operatorToken } from "./api/support";
import { expectNoViolations } from "./axe";
import { shot, toast, uniqueTag } from "./console-helpers";
import { storageStatePath } from "./fixtures";

// Webhooks in the console (catalogue area): an operator adds an endpoint (a bad URL is refused
// with a sentence), sees its deliveries with status, response code, latency and next retry, the
// failing flag while the receiver fails, and redelivers once it is fixed; the endpoint's delivery
// log pages Older/Newer, filters by status, and a delivery shows each attempt. The receiver is a
// real HTTP server on 127.0.0.1 that verifies every signature with the SDK.

test.use({ storageState: storageStatePath("operator"), reducedMotion: "reduce" });

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
        if (!["contract.created", "pool.capacity_changed"].includes((await box.getAttribute("value")) ?? ""))
          await box.uncheck();
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
    const contractId = ((await created.json()) as { contract: { id: string } }).contract.id;

    let endpointId = "";
    /** This organization's deliveries to the endpoint, through the management API. */
    const deliveriesOf = async (organizationId: string) => {
      const listed = (await (
        await request.get(`/api/v1/manage/webhooks/${endpointId}/deliveries?limit=100`, { headers: auth })
      ).json()) as { deliveries: { id: string; eventType: string; organizationId: string | null }[] };
      return listed.deliveries.filter((d) => d.organizationId === organizationId);
    };
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

    await test.step("the delivery log pages Older and Newer and filters by status", async () => {
      // More deliveries than a page of the log holds (20): one per capacity change.
      for (let i = 0; i < 21; i++) {
        const changed = await request.patch(`/api/v1/manage/contracts/${contractId}/pools/${tag}`, {
          headers: auth,
          data: { capacity: 2 + (i % 2) },
        });
        expect(changed.status()).toBe(200);
      }
      await page.goto("/catalogue/webhooks");
      await endpoint.getByRole("link", { name: `Delivery log of ${url}` }).click();
      await expect(page.getByRole("heading", { name: "Delivery log", level: 1 })).toBeVisible();
      endpointId = /\/catalogue\/webhooks\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      // Every capacity change has its delivery before the first page is read.
      await expect
        .poll(
          async () => (await deliveriesOf(organization.id)).filter((d) => d.eventType === "pool.capacity_changed"),
          {
            timeout: 30_000,
          },
        )
        .toHaveLength(21);
      await page.reload();
      const log = page.getByRole("table", { name: `Deliveries to ${url}` });
      const shownIds = () =>
        log.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")?.split("/").pop()));
      await expect(log.locator("tbody tr")).toHaveCount(20);
      const newest = await shownIds();
      await expectNoViolations(page, "the delivery log");
      await shot(page, "webhooks-delivery-log");

      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Older" }).click();
      await expect(page).toHaveURL(/[?&]before=/);
      await expect(log.getByRole("row").filter({ hasText: "pool.capacity_changed" }).first()).toBeVisible();
      const older = await shownIds();
      expect(older.some((id) => newest.includes(id))).toBe(false);
      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Newer" }).click();
      await expect(page).toHaveURL(/[?&]after=/);
      await expect.poll(shownIds).toEqual(newest);
      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Newest" }).click();
      await expect(page).not.toHaveURL(/after=/);

      const statuses = page.getByRole("navigation", { name: "Status" });
      await statuses.getByRole("link", { name: "Delivered" }).click();
      await expect(page).toHaveURL(/[?&]status=delivered/);
      await expect(statuses.getByRole("link", { name: "Delivered" })).toHaveAttribute("aria-current", "page");
      const rows = log.locator("tbody tr");
      await expect(rows.first()).toContainText("delivered");
      for (const row of await rows.all()) await expect(row).toContainText("delivered");
      await statuses.getByRole("link", { name: "Failed" }).click();
      await expect(page).toHaveURL(/[?&]status=failed/);
      await expect(log.locator("tbody tr").filter({ hasNotText: "failed" })).toHaveCount(0);
    });

    await test.step("the redelivered delivery shows each attempt: time, answer and duration", async () => {
      const mine = (await deliveriesOf(organization.id)).find((d) => d.eventType === "contract.created")!;
      await page.goto(`/catalogue/webhooks/${endpointId}/deliveries/${mine.id}`);
      await expect(page.getByRole("heading", { name: "Delivery of contract.created", level: 1 })).toBeVisible();
      const attempts = page.getByRole("table", { name: "Attempts" }).locator("tbody tr");
      await expect(attempts.first()).toContainText("204"); // newest first: the redelivery
      await expect(attempts.last()).toContainText("500");
      for (const attempt of await attempts.all()) {
        await expect(attempt.getByRole("cell").nth(0)).toContainText("UTC");
        await expect(attempt.getByRole("cell").nth(2)).toHaveText(/^\d+ ms$/);
      }
      await expectNoViolations(page, "a delivery's attempts");
      await shot(page, "webhooks-delivery-attempts");
      await page.getByRole("link", { name: "Back to the log" }).click();
      await page.getByRole("link", { name: "Back to webhooks" }).click();
    });

    await test.step("disabled by the operator", async () => {
      await endpoint.getByRole("button", { name: `Disable ${url}` }).click();
      await expect(endpoint.getByText("Disabled")).toBeVisible();
    });

    await test.step("an unknown endpoint or delivery answers 404", async () => {
      expect((await page.goto(`/catalogue/webhooks/${crypto.randomUUID()}`))?.status()).toBe(404);
      const unknownDelivery = `/catalogue/webhooks/${endpointId}/deliveries/${crypto.randomUUID()}`;
      expect((await page.goto(unknownDelivery))?.status()).toBe(404);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
