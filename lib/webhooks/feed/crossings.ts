import "server-only";
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { webhookPoolLevels } from "@/db/schema";
import type { Tx } from "@/db/client";
import { poolUsages, type PoolState, type PoolUsage } from "@/lib/licensing/usage";
import type { WebhookEventType } from "../event-types";
import type { Draft } from "./draft";

export const CROSSINGS: WebhookEventType[] = [
  "pool.near_limit",
  "pool.full",
  "pool.over_limit",
  "pool.devices_full",
  "pool.api_quota_exhausted",
];
const RANK: Record<PoolState, number> = { normal: 0, warning: 1, full: 2, over: 3 };
const STATE_EVENT: Record<PoolState, WebhookEventType | null> = {
  normal: null,
  warning: "pool.near_limit",
  full: "pool.full",
  over: "pool.over_limit",
};

/**
 * Each pool of these organizations now, against what the feed saw last: an event when a level is
 * reached (not while it holds), and the new levels remembered in the same transaction.
 */
export async function crossings(tx: Tx, organizationIds: string[]): Promise<Draft[]> {
  const usages: PoolUsage[] = [];
  for (const organizationId of organizationIds) usages.push(...(await poolUsages(tx, { organizationId })));
  if (usages.length === 0) return [];
  const seen = new Map(
    (
      await tx
        .select()
        .from(webhookPoolLevels)
        .where(
          inArray(
            webhookPoolLevels.poolId,
            usages.map((u) => u.poolId),
          ),
        )
    ).map((l) => [l.poolId, l]),
  );
  const drafts: Draft[] = [];
  const now = new Date();
  for (const u of usages) {
    const state = u.contractStatus === "active" ? u.state : "normal";
    const devicesFull = u.activations.limit > 0 && u.activations.inUse >= u.activations.limit;
    const quotaExhausted = u.apiConnects.limit > 0 && u.apiConnects.used >= u.apiConnects.limit;
    const was = seen.get(u.poolId) ?? { state: "normal", devicesFull: false, quotaExhausted: false };
    const data = {
      poolId: u.poolId,
      contractId: u.contractId,
      module: u.module,
      model: u.model,
      capacity: u.capacity,
      limit: u.limit,
      inUse: u.inUse,
      state,
      activations: u.activations,
      apiConnects: u.apiConnects,
    };
    const fire = (type: WebhookEventType) =>
      drafts.push({
        type,
        organizationId: u.organizationId,
        occurredAt: now,
        data,
        source: `crossing:${u.poolId}:${type}:${randomUUID()}`,
      });
    const stateEvent = STATE_EVENT[state];
    if (stateEvent && RANK[state] > RANK[was.state as PoolState]) fire(stateEvent);
    if (devicesFull && !was.devicesFull) fire("pool.devices_full");
    if (quotaExhausted && !was.quotaExhausted) fire("pool.api_quota_exhausted");
    if (state !== was.state || devicesFull !== was.devicesFull || quotaExhausted !== was.quotaExhausted)
      await tx
        .insert(webhookPoolLevels)
        .values({ poolId: u.poolId, state, devicesFull, quotaExhausted })
        .onConflictDoUpdate({ target: webhookPoolLevels.poolId, set: { state, devicesFull, quotaExhausted } });
  }
  return drafts;
}
