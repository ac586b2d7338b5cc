import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { notificationPoolLevels, webhookPoolLevels } from "@/db/schema";
import { poolUsages, type PoolState, type PoolUsage } from "./usage";

/** Where a feed remembers the levels it last saw of each pool; each feed keeps its own. */
type PoolLevelsTable = typeof webhookPoolLevels | typeof notificationPoolLevels;

/** A level a pool can reach: its state rising, its devices used up, its API connects used up. */
export type PoolLevel = Exclude<PoolState, "normal"> | "devicesFull" | "quotaExhausted";

type PoolCrossing = {
  usage: PoolUsage;
  /** The pool's state as the feeds see it: a contract that is not active is never near a limit. */
  state: PoolState;
  /** The levels reached since the feed last looked, the state first. */
  reached: PoolLevel[];
};

const RANK: Record<PoolState, number> = { normal: 0, warning: 1, full: 2, over: 3 };

/**
 * Each pool of these organizations now, against what one feed saw last: a level counts when it is
 * reached, not while it holds, and the new levels are remembered in the same transaction.
 */
export async function poolLevelCrossings(
  tx: Tx,
  organizationIds: string[],
  levels: PoolLevelsTable,
): Promise<PoolCrossing[]> {
  const usages: PoolUsage[] = [];
  for (const organizationId of organizationIds) usages.push(...(await poolUsages(tx, { organizationId })));
  if (usages.length === 0) return [];
  const seen = new Map(
    (
      await tx
        .select()
        .from(levels)
        .where(
          inArray(
            levels.poolId,
            usages.map((u) => u.poolId),
          ),
        )
    ).map((l) => [l.poolId, l]),
  );
  const crossings: PoolCrossing[] = [];
  for (const usage of usages) {
    const state = usage.contractStatus === "active" ? usage.state : "normal";
    const devicesFull = usage.activations.limit > 0 && usage.activations.inUse >= usage.activations.limit;
    const quotaExhausted = usage.apiConnects.limit > 0 && usage.apiConnects.used >= usage.apiConnects.limit;
    const was = seen.get(usage.poolId) ?? { state: "normal", devicesFull: false, quotaExhausted: false };
    const reached: PoolLevel[] = [];
    if (state !== "normal" && RANK[state] > RANK[was.state as PoolState]) reached.push(state);
    if (devicesFull && !was.devicesFull) reached.push("devicesFull");
    if (quotaExhausted && !was.quotaExhausted) reached.push("quotaExhausted");
    crossings.push({ usage, state, reached });
    if (state !== was.state || devicesFull !== was.devicesFull || quotaExhausted !== was.quotaExhausted)
      await tx
        .insert(levels)
        .values({ poolId: usage.poolId, state, devicesFull, quotaExhausted })
        .onConflictDoUpdate({ target: levels.poolId, set: { state, devicesFull, quotaExhausted } });
  }
  return crossings;
}
