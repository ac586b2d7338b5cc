import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { webhookDeliveries } from "@/db/schema";
import type { Database } from "@/db/client";
import { onPostgres } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { eventually, freshDatabase, startInstance, type Instance } from "@/lib/testing/instances";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { createWebhookEndpoint } from "./endpoints";

// A real server process (the job leader) is killed with SIGKILL while a receiver holds its POST:
// the delivery it claimed is never recorded, and the next leader sends the same event again.

describe.skipIf(!onPostgres())("a delivering server killed mid-delivery", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let client: postgres.Sql;
  let db: Database;
  const instances: Instance[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(process.env.DATABASE_URL!);
    instances.push(await startInstance(fresh.url));
    client = postgres(fresh.url, { max: 2, onnotice: () => {} });
    db = drizzle({ client, schema }) as unknown as Database;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop("SIGKILL")));
    await client?.end({ timeout: 1 });
    await fresh?.drop();
  });

  it("loses no event: the next leader sends it again with the same id, and the receiver applies it once", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    try {
      // The leader's feed has started (its cursor exists), so what follows is fed.
      expect(await eventually(async () => (await client`select 1 from webhook_feed_cursors`).length > 0, 30_000)).toBe(
        true,
      );
      receiver.state.mode = "slow";
      receiver.state.delayMs = 120_000; // holds its answer: the server is killed while waiting for it
      const created = await createWebhookEndpoint(db, testOperator, {
        url: receiver.url,
        events: ["contract.created"],
      });
      secret = created.secret;
      const f = await makeOrganization(db, { pools: [{ module: "cm", model: "concurrent", capacity: 1 }] });
      const sent = () => receiver.state.requests.filter((r) => r.event.organizationId === f.organization.id);
      expect(await eventually(() => sent().length === 1, 30_000)).toBe(true);

      await instances[0]!.stop("SIGKILL");
      const claimed = await db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, created.endpoint.id));
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({ status: "pending", attempts: 0 });
      expect(claimed[0]!.leaseUntil).not.toBeNull();
      // Its lease would lapse within 60 s; here it lapses now (the same state, sooner).
      await db
        .update(webhookDeliveries)
        .set({ leaseUntil: sql`now() - interval '1 second'` })
        .where(eq(webhookDeliveries.id, claimed[0]!.id));

      receiver.state.mode = "ok";
      instances.push(await startInstance(fresh.url));
      const delivered = async () =>
        (
          await db
            .select()
            .from(webhookDeliveries)
            .where(and(eq(webhookDeliveries.id, claimed[0]!.id), eq(webhookDeliveries.status, "delivered")))
        ).length === 1;
      expect(await eventually(delivered, 30_000, 100)).toBe(true);
      expect(sent()).toHaveLength(2);
      expect(sent()[1]!.event).toEqual(sent()[0]!.event);
      expect(sent().every((r) => r.signatureValid)).toBe(true);
      expect([...receiver.state.applied.values()].filter((e) => e.organizationId === f.organization.id)).toHaveLength(
        1,
      );
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
