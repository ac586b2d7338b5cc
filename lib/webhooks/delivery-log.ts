import "server-only";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/db/schema";
import type { Database } from "@/db/client";
import { keysetPage, keysetTime, pageOf, type Keyset } from "@/lib/console/keyset";
import { LicensingError } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import { deliveryColumns, getWebhookEndpoint, shownDelivery, type DeliveryView } from "./endpoints";

// The delivery log, paged: an endpoint's deliveries newest first (keyset on created_at and id, as
// every list of the management API), and each delivery's attempts newest first (by their id,
// which grows as they are recorded), so no history is out of reach.

export type DeliveryStatus = DeliveryView["status"];

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

export async function deliveriesPage(
  db: Database,
  endpointId: string,
  filter: { limit: number; cursor?: Keyset; status?: DeliveryStatus },
): Promise<{ rows: DeliveryView[]; nextCursor: string | null }> {
  await getWebhookEndpoint(db, endpointId);
  const where: SQL | undefined = and(
    eq(webhookDeliveries.endpointId, endpointId),
    filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
  );
  const page = keysetPage(webhookDeliveries.createdAt, webhookDeliveries.id, where, filter.cursor);
  const fetched = await db
    .select({ ...deliveryColumns, pagedAt: keysetTime(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor } = pageOf(fetched, filter.limit);
  return { rows: rows.map(shownDelivery), nextCursor };
}

/** One delivery's attempts, newest first; NOT_FOUND unless the delivery is the endpoint's. */
export async function attemptsPage(
  db: Database,
  endpointId: string,
  deliveryId: string,
  filter: { limit: number; cursor?: number },
) {
  const [delivery] =
    isUuid(endpointId) && isUuid(deliveryId)
      ? await db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      : [];
  if (!delivery) throw new LicensingError("NOT_FOUND", "That delivery was not found.");
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
