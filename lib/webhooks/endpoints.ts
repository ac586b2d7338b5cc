import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEndpoint } from "@/db/schema";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError } from "@/lib/licensing/errors";
import { isUuid, parseInput } from "@/lib/licensing/input";
import {
  webhookCreateInput,
  webhookUpdateInput,
  type WebhookCreateInput,
  type WebhookUpdateInput,
} from "@/lib/validation/webhooks";
import { newWebhookSecret } from "./signature";
import { checkWebhookUrl } from "./url";

// Webhook endpoints are vendor-wide (operators manage them; they hear about every organization).
// Each change is on the vendor's audit log; the secret is returned when created and never again.

/** An endpoint as operators see it: never the secret. `isFailing`: the last attempts all failed. */
export type WebhookEndpointView = Omit<WebhookEndpoint, "secret"> & { isFailing: boolean };

export function endpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  const view: Partial<WebhookEndpoint> = { ...endpoint };
  delete view.secret;
  return { ...(view as Omit<WebhookEndpoint, "secret">), isFailing: endpoint.failingSince !== null };
}

function acceptedUrl(raw: string): string {
  const verdict = checkWebhookUrl(raw, env().SEATKEEPER_WEBHOOK_ALLOW_PRIVATE);
  if (!verdict.ok) throw new LicensingError("INVALID", verdict.message, { field: "url" });
  return verdict.url.toString();
}

export async function createWebhookEndpoint(db: Database, actor: Actor, input: WebhookCreateInput) {
  const parsed = parseInput(webhookCreateInput, input);
  const url = acceptedUrl(parsed.url);
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({ url, events: parsed.events, description: parsed.description ?? null, secret })
      .returning();
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "webhook.create",
      targetType: "webhook_endpoint",
      targetId: endpoint!.id,
      after: { url, events: parsed.events },
    });
    return { endpoint: endpointView(endpoint!), secret };
  });
}

export async function listWebhookEndpoints(db: Database): Promise<WebhookEndpointView[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt);
  return rows.map(endpointView);
}

async function findEndpoint(db: Database, id: string) {
  const [endpoint] = isUuid(id) ? await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)) : [];
  if (!endpoint) throw new LicensingError("NOT_FOUND", "That webhook endpoint was not found.");
  return endpoint;
}

export async function getWebhookEndpoint(db: Database, id: string) {
  return endpointView(await findEndpoint(db, id));
}

/** Changes an endpoint; enabling a disabled one clears its failing state so it gets a fresh 24 h. */
export async function updateWebhookEndpoint(db: Database, actor: Actor, id: string, input: WebhookUpdateInput) {
  const patch = parseInput(webhookUpdateInput, input);
  const url = patch.url === undefined ? undefined : acceptedUrl(patch.url);
  return db.transaction(async (tx) => {
    const [before] = isUuid(id)
      ? await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update")
      : [];
    if (!before) throw new LicensingError("NOT_FOUND", "That webhook endpoint was not found.");
    const enabling = patch.enabled === true && !before.enabled;
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url === undefined ? {} : { url }),
        ...(patch.events === undefined ? {} : { events: patch.events }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.enabled === undefined
          ? {}
          : { enabled: patch.enabled, disabledAt: patch.enabled ? null : new Date() }),
        ...(enabling ? { failingSince: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "webhook.update",
      targetType: "webhook_endpoint",
      targetId: before.id,
      before: { url: before.url, events: before.events, enabled: before.enabled },
      after: { url: after!.url, events: after!.events, enabled: after!.enabled },
    });
    return endpointView(after!);
  });
}

export async function deleteWebhookEndpoint(db: Database, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [gone] = isUuid(id) ? await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning() : [];
    if (!gone) throw new LicensingError("NOT_FOUND", "That webhook endpoint was not found.");
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "webhook.delete",
      targetType: "webhook_endpoint",
      targetId: gone.id,
      before: { url: gone.url, events: gone.events },
    });
  });
}

export type DeliveryView = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  organizationId: string | null;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

/** A delivery's columns as the console and the management API show it (joined to its event). */
export const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookEvents.type,
  organizationId: webhookEvents.organizationId,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastLatencyMs: webhookDeliveries.lastLatencyMs,
  lastError: webhookDeliveries.lastError,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

/** A delivery as shown: a retry is only due while the delivery is still pending. */
export function shownDelivery<R extends Pick<DeliveryView, "status" | "nextAttemptAt">>(r: R): R {
  return { ...r, nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null };
}

/** An endpoint's latest deliveries (newest first), each with its last attempt and next retry. */
export async function listWebhookDeliveries(db: Database, endpointId: string, limit = 50): Promise<DeliveryView[]> {
  await findEndpoint(db, endpointId);
  return deliveriesOf(db, [endpointId], limit);
}

/** The latest deliveries of several endpoints at once (the console's page), `limit` per endpoint. */
export async function deliveriesOf(db: Database, endpointIds: string[], limit: number): Promise<DeliveryView[]> {
  if (endpointIds.length === 0) return [];
  const ranked = db
    .select({
      id: webhookDeliveries.id,
      rank: sql<number>`row_number() over (partition by ${webhookDeliveries.endpointId} order by ${webhookDeliveries.createdAt} desc, ${webhookDeliveries.id})`.as(
        "rank",
      ),
    })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.endpointId, endpointIds))
    .as("ranked");
  const rows = await db
    .select(deliveryColumns)
    .from(ranked)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, ranked.id))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(sql`${ranked.rank} <= ${limit}`)
    .orderBy(desc(webhookDeliveries.createdAt), webhookDeliveries.id);
  return rows.map(shownDelivery);
}

/** Every attempt of one delivery, oldest first. */
export async function listDeliveryAttempts(db: Database, deliveryId: string) {
  return db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(webhookAttempts.attemptedAt, webhookAttempts.id);
}

/**
 * Sends a delivery again as soon as the worker runs (a manual retry: delivered, failed or still
 * pending alike). The event keeps its id, so a receiver that has it already can ignore it.
 */
export async function redeliverWebhook(db: Database, actor: Actor, endpointId: string, deliveryId: string) {
  return db.transaction(async (tx) => {
    const [delivery] =
      isUuid(endpointId) && isUuid(deliveryId)
        ? await tx
            .update(webhookDeliveries)
            .set({ status: "pending", nextAttemptAt: new Date(), leaseUntil: null })
            .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
            .returning()
        : [];
    if (!delivery) throw new LicensingError("NOT_FOUND", "That delivery was not found.");
    await recordAudit(tx, actor, {
      organizationId: null,
      action: "webhook.redeliver",
      targetType: "webhook_delivery",
      targetId: delivery.id,
      after: { endpointId, eventId: delivery.eventId },
    });
    return delivery;
  });
}
