import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createOperatorToken } from "@/lib/licensing/tokens";
import { testDb, unique } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { pageInput } from "@/lib/console/keyset";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { deliveriesPage } from "@/lib/webhooks/delivery-log";
import { feedWebhookEvents } from "@/lib/webhooks/feed";
import { apiRequests } from "@/lib/testing/manage-api";

// The management API's webhook routes (SPEC §4 second wave), through the application server.ts serves.

let db: Database;
let call: ReturnType<typeof apiRequests>;

beforeAll(async () => {
  db = await testDb();
  call = apiRequests(db, (await createOperatorToken(db, testOperator, unique("webhooks"))).secret);
  await feedWebhookEvents(db); // the feed starts where it first runs (a server runs it from start-up)
});

describe("/api/v1/manage/webhooks", () => {
  it("refuses a bad URL with 422 and a sentence, and an unknown id with 404", async () => {
    const res = await call("POST", "/api/v1/manage/webhooks", {
      url: "https://admin:secret@crm.example.com/hooks",
      events: ["pool.full"],
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string; field: string } };
    expect(error).toMatchObject({ code: "INVALID", field: "url" });
    expect(error.message).toMatch(/user name or password/);
    expect((await call("GET", "/api/v1/manage/webhooks/not-an-id")).status).toBe(404);
    expect((await call("GET", `/api/v1/manage/webhooks/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("creates, lists, changes and deletes an endpoint; shows deliveries and redelivers one", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    try {
      const created = await call("POST", "/api/v1/manage/webhooks", {
        url: receiver.url,
        events: ["contract.created"],
      });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { webhook: { id: string; isFailing: boolean }; secret: string };
      secret = body.secret;
      const id = body.webhook.id;
      expect(body.webhook.isFailing).toBe(false);
      const listed = (await (await call("GET", "/api/v1/manage/webhooks")).json()) as { webhooks: { id: string }[] };
      expect(listed.webhooks.map((w) => w.id)).toContain(id);
      expect(JSON.stringify(listed)).not.toContain(secret);

      const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
      const mine = () => [...receiver.state.applied.values()].filter((e) => e.organizationId === f.organization.id);
      await expect
        .poll(async () => (await feedWebhookEvents(db), await deliverDueWebhooks(db), mine().length), {
          timeout: 30_000,
        })
        .toBe(1);
      const deliveries = (
        (await (await call("GET", `/api/v1/manage/webhooks/${id}/deliveries`)).json()) as {
          deliveries: {
            id: string;
            organizationId: string;
            status: string;
            lastStatusCode: number;
            lastLatencyMs: number;
          }[];
        }
      ).deliveries.filter((d) => d.organizationId === f.organization.id);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ status: "delivered", lastStatusCode: 204 });
      expect(deliveries[0]!.lastLatencyMs).toBeGreaterThanOrEqual(0);

      const again = await call("POST", `/api/v1/manage/webhooks/${id}/deliveries/${deliveries[0]!.id}/redeliver`);
      expect(again.status).toBe(202);
      await deliverDueWebhooks(db);
      const requests = receiver.state.requests.filter((r) => r.event.organizationId === f.organization.id);
      expect(requests).toHaveLength(2);
      expect(requests[1]!.event.id).toBe(requests[0]!.event.id);
      expect(mine()).toHaveLength(1);
      expect(
        (await call("POST", `/api/v1/manage/webhooks/${id}/deliveries/${crypto.randomUUID()}/redeliver`)).status,
      ).toBe(404);

      const patched = await call("PATCH", `/api/v1/manage/webhooks/${id}`, { enabled: false, events: ["pool.full"] });
      expect(((await patched.json()) as { webhook: { enabled: boolean; events: string[] } }).webhook).toMatchObject({
        enabled: false,
        events: ["pool.full"],
      });
      expect((await call("PATCH", `/api/v1/manage/webhooks/${id}`, { url: "ftp://x" })).status).toBe(422);
      expect((await call("DELETE", `/api/v1/manage/webhooks/${id}`)).status).toBe(204);
      expect((await call("GET", `/api/v1/manage/webhooks/${id}`)).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it("pages the delivery log (filtered by status) and each delivery's attempts, newest first", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    try {
      receiver.state.mode = "fail";
      const created = (await (
        await call("POST", "/api/v1/manage/webhooks", { url: receiver.url, events: ["contract.created"] })
      ).json()) as { webhook: { id: string }; secret: string };
      secret = created.secret;
      const id = created.webhook.id;
      const orgs = await Promise.all(
        [1, 2, 3].map(() => makeOrganization(db, { pools: [{ module: "pg", model: "concurrent", capacity: 1 }] })),
      );
      const tried = () => new Set(receiver.state.requests.map((r) => r.event.organizationId)).size;
      await expect
        .poll(async () => (await feedWebhookEvents(db), await deliverDueWebhooks(db), tried()), { timeout: 30_000 })
        .toBe(orgs.length);
      // Two retries more, each past the backoff.
      for (const hours of [1, 2]) await deliverDueWebhooks(db, { now: new Date(Date.now() + hours * 3_600_000) });

      type Page = { deliveries: { id: string; status: string; attempts: number }[]; nextCursor: string | null };
      const first = (await (await call("GET", `/api/v1/manage/webhooks/${id}/deliveries?limit=2`)).json()) as Page;
      expect(first.deliveries).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const second = (await (
        await call("GET", `/api/v1/manage/webhooks/${id}/deliveries?limit=2&cursor=${first.nextCursor}`)
      ).json()) as Page;
      expect(second.deliveries).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      const all = [...first.deliveries, ...second.deliveries];
      // The console walks back too: from the second page, the rows just newer are the first page's.
      const older = await deliveriesPage(db, id, { limit: 2, cursor: pageInput.cursor.parse(first.nextCursor!) });
      expect(older.rows.map((d) => d.id)).toEqual(second.deliveries.map((d) => d.id));
      expect(older.previousCursor).not.toBeNull();
      const back = await deliveriesPage(db, id, { limit: 2, newer: pageInput.cursor.parse(older.previousCursor!) });
      expect(back.rows.map((d) => d.id)).toEqual(first.deliveries.map((d) => d.id));
      expect(back.previousCursor).toBeNull(); // the newest page
      expect(back.nextCursor).toBe(first.nextCursor);
      expect(new Set(all.map((d) => d.id)).size).toBe(orgs.length);
      expect(all.every((d) => d.status === "pending" && d.attempts === 3)).toBe(true);
      const delivered = (await (
        await call("GET", `/api/v1/manage/webhooks/${id}/deliveries?status=delivered`)
      ).json()) as Page;
      expect(delivered.deliveries).toEqual([]);

      type Attempts = { attempts: { id: number; statusCode: number | null }[]; nextCursor: string | null };
      const path = `/api/v1/manage/webhooks/${id}/deliveries/${all[0]!.id}/attempts`;
      const newest = (await (await call("GET", `${path}?limit=2`)).json()) as Attempts;
      expect(newest.attempts.map((a) => a.statusCode)).toEqual([500, 500]);
      const oldest = (await (await call("GET", `${path}?limit=2&cursor=${newest.nextCursor}`)).json()) as Attempts;
      expect(oldest.attempts).toHaveLength(1);
      expect(oldest.nextCursor).toBeNull();
      expect(oldest.attempts[0]!.id).toBeLessThan(newest.attempts[1]!.id);

      for (const bad of [
        `${path}?cursor=not-a-cursor`,
        `${path}?limit=0`,
        `/api/v1/manage/webhooks/${id}/deliveries?status=lost`,
      ])
        expect((await call("GET", bad)).status).toBe(400);
      expect(
        (await call("GET", `/api/v1/manage/webhooks/${id}/deliveries/${crypto.randomUUID()}/attempts`)).status,
      ).toBe(404);
      expect((await call("GET", `/api/v1/manage/webhooks/${crypto.randomUUID()}/deliveries`)).status).toBe(404);
      expect((await call("DELETE", `/api/v1/manage/webhooks/${id}`)).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });
});
