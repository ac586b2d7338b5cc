import "server-only";
import { webhookDeliveries, webhookEvents } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { Draft } from "./draft";

/** Writes the events and one delivery per endpoint that asked for each; a source seen before is skipped. */
export async function writeEvents(
  tx: Tx,
  drafts: Draft[],
  endpoints: { id: string; events: string[] }[],
  now: Date,
): Promise<number> {
  if (drafts.length === 0) return 0;
  let written = 0;
  for (let i = 0; i < drafts.length; i += 500) {
    const events = await tx
      .insert(webhookEvents)
      .values(drafts.slice(i, i + 500))
      .onConflictDoNothing({ target: webhookEvents.source })
      .returning({ id: webhookEvents.id, type: webhookEvents.type });
    written += events.length;
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((e) => e.events.includes(event.type))
        .map((e) => ({ endpointId: e.id, eventId: event.id, nextAttemptAt: now })),
    );
    if (deliveries.length) await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing();
  }
  return written;
}
