import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationPoolLevels } from "@/db/schema";
import { poolUsages, type PoolState, type PoolUsage } from "@/lib/licensing/usage";
import type { NotificationKind } from "./kinds";
import type { NoticeDraft } from "./write";

// Pool levels, by the webhooks' rule: a notice when a level is reached, not while it holds, the
// level last seen kept in the feed's transaction. A pool hovering at its threshold would still
// reach it again and again, so a notice's source also names the day (the month for API
// connects): one notice per pool, level and day at most, however the pool oscillates.

const RANK: Record<PoolState, number> = { normal: 0, warning: 1, full: 2, over: 3 };
const STATE_KIND: Record<PoolState, NotificationKind | null> = {
  normal: null,
  warning: "pool_near_limit",
  full: "pool_full",
  over: "pool_over_limit",
};

export async function poolCrossings(tx: Tx, organizationIds: string[], now: Date): Promise<NoticeDraft[]> {
  const usages: PoolUsage[] = [];
  for (const organizationId of organizationIds) usages.push(...(await poolUsages(tx, { organizationId })));
  if (usages.length === 0) return [];
  const seen = new Map(
    (
      await tx
        .select()
        .from(notificationPoolLevels)
        .where(
          inArray(
            notificationPoolLevels.poolId,
            usages.map((u) => u.poolId),
          ),
        )
    ).map((l) => [l.poolId, l]),
  );
  const day = now.toISOString().slice(0, 10);
  const drafts: NoticeDraft[] = [];
  for (const u of usages) {
    const state = u.contractStatus === "active" ? u.state : "normal";
    const devicesFull = u.activations.limit > 0 && u.activations.inUse >= u.activations.limit;
    const quotaExhausted = u.apiConnects.limit > 0 && u.apiConnects.used >= u.apiConnects.limit;
    const was = seen.get(u.poolId) ?? { state: "normal", devicesFull: false, quotaExhausted: false };
    const notice = (kind: NotificationKind, period: string) =>
      drafts.push({
        kind,
        organizationId: u.organizationId,
        ...wording(kind, u),
        link: `/dashboard?org=${u.organizationId}`,
        source: `crossing:${u.poolId}:${kind}:${period}`,
        occurredAt: now,
      });
    const stateKind = STATE_KIND[state];
    if (stateKind && RANK[state] > RANK[was.state as PoolState]) notice(stateKind, day);
    if (devicesFull && !was.devicesFull) notice("devices_full", day);
    if (quotaExhausted && !was.quotaExhausted) notice("api_connects_used_up", u.apiConnects.period);
    if (state !== was.state || devicesFull !== was.devicesFull || quotaExhausted !== was.quotaExhausted)
      await tx
        .insert(notificationPoolLevels)
        .values({ poolId: u.poolId, state, devicesFull, quotaExhausted })
        .onConflictDoUpdate({ target: notificationPoolLevels.poolId, set: { state, devicesFull, quotaExhausted } });
  }
  return drafts;
}

function wording(kind: NotificationKind, u: PoolUsage): { title: string; body: string } {
  const seats = `${u.inUse} of ${u.capacity} licences in use`;
  switch (kind) {
    case "pool_near_limit":
      return {
        title: `${u.moduleName} is near its limit`,
        body: `${seats} (warning at ${u.warningThresholdPercent} %).`,
      };
    case "pool_full":
      return { title: `${u.moduleName} is full`, body: `${seats}: the next request is refused.` };
    case "pool_over_limit":
      return { title: `${u.moduleName} is over its limit`, body: `${seats}, beyond the capacity bought.` };
    case "devices_full":
      return {
        title: `${u.moduleName}: devices used up`,
        body: `${u.activations.inUse} of ${u.activations.limit} device activations in use: the next device is refused.`,
      };
    default:
      return {
        title: `${u.moduleName}: API connects used up`,
        body: `${u.apiConnects.used} of ${u.apiConnects.limit} API connects used this month; they reset on ${u.apiConnects.resetsAt.slice(0, 10)}.`,
      };
  }
}
