import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import type { Database } from "@/db/client";
import { testDb } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { webhookDispatcher } from "./deliver";
import { createWebhookEndpoint } from "./endpoints";
import { feedWebhookEvents } from "./feed";

// One receiver that hangs must not delay another endpoint's deliveries: each endpoint has its own
// lane (a few deliveries in flight at most), ticks don't wait for answers, and every attempt is
// recorded as soon as it finishes, not after the slowest of its batch.

let db: Database;
const made: string[] = [];
const secrets = new Map<string, string>();
let hanging: Awaited<ReturnType<typeof startReceiver>>;
let healthy: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  db = await testDb();
  await feedWebhookEvents(db);
  hanging = await startReceiver(() => secrets.get("hanging") ?? "");
  healthy = await startReceiver(() => secrets.get("healthy") ?? "");
});
afterAll(async () => {
  if (made.length) await db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, made));
  await Promise.all([hanging?.close(), healthy?.close()]);
});

const subscribe = async (name: string, url: string) => {
  const created = await createWebhookEndpoint(db, testOperator, { url, events: ["contract.created"] });
  made.push(created.endpoint.id);
  secrets.set(name, created.secret);
  return created.endpoint.id;
};

/** Deliveries of the endpoint for the organizations' events, once the feed has made them. */
const deliveriesFor = async (endpointId: string, organizationIds: string[]) =>
  (
    await db
      .select({ delivery: webhookDeliveries, organizationId: webhookEvents.organizationId })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.endpointId, endpointId))
  )
    .filter((r) => r.organizationId && organizationIds.includes(r.organizationId))
    .map((r) => r.delivery);

describe("webhook delivery lanes", () => {
  it("keeps a healthy endpoint's latency while another endpoint's receiver hangs, recording each attempt as it finishes", async () => {
    const hangMs = 4_000;
    hanging.state.mode = "slow";
    hanging.state.delayMs = hangMs;
    const slowId = await subscribe("hanging", hanging.url);
    const fastId = await subscribe("healthy", healthy.url);
    const perEndpoint = 2;
    const orgs = await Promise.all(
      Array.from({ length: perEndpoint + 1 }, () =>
        makeOrganization(db, { pools: [{ module: "ln", model: "concurrent", capacity: 1 }] }),
      ),
    );
    const ids = orgs.map((f) => f.organization.id);
    await expect
      .poll(async () => (await feedWebhookEvents(db), (await deliveriesFor(fastId, ids)).length), { timeout: 30_000 })
      .toBe(orgs.length);
    expect(await deliveriesFor(slowId, ids)).toHaveLength(orgs.length);

    const dispatcher = webhookDispatcher();
    const options = { perEndpoint, timeoutMs: 10_000 };
    const started = Date.now();
    try {
      await dispatcher.tick(db, options);
      // The healthy endpoint's first deliveries are answered and recorded while the hanging ones wait.
      await expect
        .poll(async () => (await deliveriesFor(fastId, ids)).filter((d) => d.status === "delivered").length, {
          timeout: hangMs / 2,
          interval: 50,
        })
        .toBe(perEndpoint);
      // A later tick sends the healthy endpoint's next delivery at once; the hanging endpoint's lane
      // is full, so nothing more of it is claimed.
      await dispatcher.tick(db, options);
      await expect
        .poll(async () => (await deliveriesFor(fastId, ids)).every((d) => d.status === "delivered"), {
          timeout: hangMs / 2,
          interval: 50,
        })
        .toBe(true);
      const healthyDoneMs = Date.now() - started;
      const slow = await deliveriesFor(slowId, ids);
      const fastAttempts = await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            (await deliveriesFor(fastId, ids)).map((d) => d.id),
          ),
        );
      const hangingSeen = hanging.state.requests.filter((r) => ids.includes(r.event.organizationId ?? "")).length;

      expect(healthyDoneMs).toBeLessThan(hangMs);
      expect(fastAttempts).toHaveLength(orgs.length);
      expect(fastAttempts.every((a) => a.statusCode === 204)).toBe(true);
      expect(slow.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
      expect(slow.filter((d) => d.leaseUntil !== null)).toHaveLength(perEndpoint);
      expect(hangingSeen).toBe(perEndpoint);
    } finally {
      await dispatcher.idle();
    }
    // Once the hanging receiver answers, its attempts are recorded too.
    const slowAfter = await deliveriesFor(slowId, ids);
    expect(slowAfter.filter((d) => d.status === "delivered")).toHaveLength(perEndpoint);
    // Counted from this test's own deliveries: on PostgreSQL the database is shared with other test
    // files, whose pending deliveries the same ticks may claim.
    const ours = [...(await deliveriesFor(fastId, ids)), ...slowAfter].map((d) => d.id);
    const attempts = await db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ours));
    expect(attempts).toHaveLength(orgs.length + perEndpoint);
    expect(dispatcher.counts().refused).toBeNull();
  });
});
