import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { onPostgres } from "@/lib/testing/db";
import { makeOrganization, testOperator } from "@/lib/testing/fixtures";
import { eventually, freshDatabase, startInstance, type Instance } from "@/lib/testing/instances";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { leaseMsFor } from "./leader";

// A job leader frozen with SIGSTOP keeps its database session (so no lock of it is ever released)
// while a receiver holds the webhook POST it sent. The other instance takes the lease over once it
// lapses, and when the frozen one wakes (SIGCONT) with the receiver's answer, the attempt it records
// under its old generation is refused.

const CHECK_MS = 300;

describe.skipIf(!onPostgres())("a frozen job leader", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let client: postgres.Sql;
  let db: Database;
  const instances: Instance[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(process.env.DATABASE_URL!);
    const env = { SEATKEEPER_LEADER_CHECK_MS: String(CHECK_MS) };
    instances.push(...(await Promise.all([startInstance(fresh.url, env), startInstance(fresh.url, env)])));
    client = postgres(fresh.url, { max: 2, onnotice: () => {} });
    db = drizzle({ client, schema }) as unknown as Database;
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) i.process.kill("SIGCONT");
    await Promise.all(instances.map((i) => i.stop("SIGKILL")));
    await client?.end({ timeout: 1 });
    await fresh?.drop();
  });

  const leads = (instance: Instance) =>
    instance.logs().findLast((l) => l.msg === "became the job leader" || l.msg === "no longer the job leader")?.msg ===
    "became the job leader";
  const lease = async () => (await db.select().from(schema.jobLeader))[0]!;

  it("is replaced once its lease lapses, and its late writes under the old generation are refused", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    try {
      expect(await eventually(() => instances.some(leads), 10_000)).toBe(true);
      const [leader, follower] = leads(instances[0]!) ? [instances[0]!, instances[1]!] : [instances[1]!, instances[0]!];
      // The leader's feed has started (its cursor exists), so what follows is fed.
      expect(await eventually(async () => (await client`select 1 from webhook_feed_cursors`).length > 0, 30_000)).toBe(
        true,
      );
      const before = await lease();
      receiver.state.mode = "slow";
      receiver.state.delayMs = 2 * leaseMsFor(CHECK_MS); // answers while the leader is frozen
      const created = await createWebhookEndpoint(db, testOperator, {
        url: receiver.url,
        events: ["contract.created"],
      });
      secret = created.secret;
      const f = await makeOrganization(db, { pools: [{ module: "fz", model: "concurrent", capacity: 1 }] });
      const sent = () => receiver.state.requests.filter((r) => r.event.organizationId === f.organization.id);
      expect(await eventually(() => sent().length === 1, 30_000, 5)).toBe(true);

      leader.process.kill("SIGSTOP");
      const frozenAt = Date.now();
      expect(await eventually(() => leads(follower), 3 * leaseMsFor(CHECK_MS))).toBe(true);
      const replacedMs = Date.now() - frozenAt;
      const after = await lease();
      // Jobs run again, on the new leader.
      const ranBefore = follower.logs().filter((l) => l.msg === "background job ran").length;
      expect(
        await eventually(() => follower.logs().filter((l) => l.msg === "background job ran").length > ranBefore, 5_000),
      ).toBe(true);
      // The receiver has answered the frozen leader (its answer waits in the socket) before it wakes.
      await eventually(() => Date.now() - frozenAt > receiver.state.delayMs + 200, 10_000, 50);
      leader.process.kill("SIGCONT");

      expect(
        await eventually(() => leader.logs().some((l) => l.msg === "refused a former leader's job writes"), 10_000),
      ).toBe(true);
      const [delivery] = await db
        .select()
        .from(schema.webhookDeliveries)
        .where(eq(schema.webhookDeliveries.endpointId, created.endpoint.id));
      const attempts = await db
        .select()
        .from(schema.webhookAttempts)
        .where(eq(schema.webhookAttempts.deliveryId, delivery!.id));

      expect(replacedMs).toBeLessThan(leaseMsFor(CHECK_MS) + 4 * CHECK_MS);
      expect(after.generation).toBeGreaterThan(before.generation);
      expect(after.holder).not.toBe(before.holder);
      expect(delivery).toMatchObject({ status: "pending", attempts: 0 });
      expect(attempts).toEqual([]);
      expect(await eventually(() => !leads(leader), 5_000)).toBe(true);
      expect(leads(follower)).toBe(true);
      const refused = leader.logs().find((l) => l.msg === "refused a former leader's job writes");
      expect(refused).toMatchObject({ job: "webhook delivery", generation: before.generation });
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
