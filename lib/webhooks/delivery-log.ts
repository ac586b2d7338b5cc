import "server-only";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/db/schema";
import type { Database } from "@/db/client";
import { keysetPage, keysetTime, twoWayPageOf, type Keyset } from "@/lib/console/keyset";
import { LicensingError } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { deliveryColumns, getWebhookEndpoint, shownDelivery, type DeliveryView } from "./endpoints";

// The delivery log, paged: an endpoint's deliveries newest first (keyset on created_at and id, as
// every list of the management API), and each delivery's attempts newest first (by their id,
// which grows as they are recorded), so no history is out of reach.

export type DeliveryStatus = DeliveryView["status"];
export const deliveryStatuses = ["pending", "delivered", "failed"] as const satisfies readonly DeliveryStatus[];

/** The console's delivery log and attempts: rows per page. */
export const DELIVERY_LOG_PAGE_SIZE = 20;

/** An attempts page boundary: the last attempt's id, base64url-encoded. */
export const attemptsCursor = z
  .string()
  .max(40)
  .transform((c, ctx) => {
    const id = /^\d{1,18}$/.exec(Buffer.from(c, "base64url").toString("utf8"))?.[0];
    if (!id) ctx.addIssue({ code: "custom", message: "a cursor from a previous page (nextCursor)" });
    return id ? Number(id) : z.NEVER;
  })
  .optional()
  .describe("The previous page's nextCursor: attempts older than its last");

/**
 * One page of an endpoint's deliveries, newest first: older than `cursor`, or just newer than
 * `newer` (the console's way back); `nextCursor` leads to older rows, `previousCursor` to newer.
 */
export async function deliveriesPage(
  db: Database,
  endpointId: string,
  filter: { limit: number; cursor?: Keyset; newer?: Keyset; status?: DeliveryStatus },
): Promise<{ rows: DeliveryView[]; nextCursor: string | null; previousCursor: string | null }> {
  await getWebhookEndpoint(db, endpointId);
  const where: SQL | undefined = and(
    eq(webhookDeliveries.endpointId, endpointId),
    filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
  );
  const direction = filter.newer ? "newer" : "older";
  const cursor = filter.newer ?? filter.cursor;
  const page = keysetPage(webhookDeliveries.createdAt, webhookDeliveries.id, where, cursor, direction);
  const fetched = await db
    .select({ ...deliveryColumns, pagedAt: keysetTime(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor, previousCursor } = twoWayPageOf(fetched, filter.limit, direction, cursor !== undefined);
  return { rows: rows.map(shownDelivery), nextCursor, previousCursor };
}

/** One of the endpoint's deliveries; NOT_FOUND unless the delivery is the endpoint's. */
export async function getDelivery(db: Database, endpointId: string, deliveryId: string): Promise<DeliveryView> {
  const [delivery] =
    isUuid(endpointId) && isUuid(deliveryId)
      ? await db
          .select(deliveryColumns)
          .from(webhookDeliveries)
          .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
          .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      : [];
  if (!delivery) throw new LicensingError("NOT_FOUND", "That delivery was not found.");
  return shownDelivery(delivery);
}

/** One delivery's attempts, newest first; NOT_FOUND unless the delivery is the endpoint's. */
export async function attemptsPage(
  db: Database,
  endpointId: string,
  deliveryId: string,
  filter: { limit: number; cursor?: number },
) {
  await getDelivery(db, endpointId, deliveryId);
  const fetched = await db
    .select({
      id: webhookAttempts.id,
      attemptedAt: webhookAttempts.attemptedAt,
      statusCode: webhookAttempts.statusCode,
      latencyMs: webhookAttempts.latencyMs,
      error: webhookAttempts.error,
    })
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.deliveryId, deliveryId),
        filter.cursor === undefined ? undefined : lt(webhookAttempts.id, filter.cursor),
      ),
    )
    .orderBy(desc(webhookAttempts.id))
    .limit(filter.limit + 1);
  const rows = fetched.slice(0, filter.limit);
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: fetched.length > filter.limit && last ? Buffer.from(String(last.id)).toString("base64url") : null,
  };
}
