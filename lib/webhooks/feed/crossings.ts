import "server-only";
import { randomUUID } from "node:crypto";
import { webhookPoolLevels } from "@/db/schema";
import type { Tx } from "@/db/client";
import { poolLevelCrossings, type PoolLevel } from "@/lib/licensing/pool-crossings";
import type { WebhookEventType } from "../event-types";
import type { Draft } from "./draft";

export const CROSSINGS: WebhookEventType[] = [
  "pool.near_limit",
  "pool.full",
  "pool.over_limit",
  "pool.devices_full",
  "pool.api_quota_exhausted",
];
const LEVEL_EVENT: Record<PoolLevel, WebhookEventType> = {
  warning: "pool.near_limit",
  full: "pool.full",
  over: "pool.over_limit",
  devicesFull: "pool.devices_full",
  quotaExhausted: "pool.api_quota_exhausted",
};

/** An event for each level a pool of these organizations reached since the feed last looked. */
export async function crossings(tx: Tx, organizationIds: string[]): Promise<Draft[]> {
  const now = new Date();
  return (await poolLevelCrossings(tx, organizationIds, webhookPoolLevels)).flatMap(({ usage: u, state, reached }) => {
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
    return reached.map((level): Draft => {
      const type = LEVEL_EVENT[level];
      return {
        type,
        organizationId: u.organizationId,
        occurredAt: now,
        data,
        source: `crossing:${u.poolId}:${type}:${randomUUID()}`,
      };
    });
  });
}
