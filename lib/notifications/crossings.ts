import "server-only";
import type { Tx } from "@/db/client";
import { notificationPoolLevels } from "@/db/schema";
import { poolLevelCrossings, type PoolLevel } from "@/lib/licensing/pool-crossings";
import type { PoolUsage } from "@/lib/licensing/usage";
import type { NotificationKind } from "./kinds";
import type { NoticeDraft } from "./write";

// Pool levels, by the webhooks' rule: a notice when a level is reached, not while it holds, the
// level last seen kept in the feed's transaction. A pool hovering at its threshold would still
// reach it again and again, so a notice's source also names the day (the month for API
// connects): one notice per pool, level and day at most, however the pool oscillates.

const LEVEL_KIND: Record<PoolLevel, NotificationKind> = {
  warning: "pool_near_limit",
  full: "pool_full",
  over: "pool_over_limit",
  devicesFull: "devices_full",
  quotaExhausted: "api_connects_used_up",
};

export async function poolCrossings(tx: Tx, organizationIds: string[], now: Date): Promise<NoticeDraft[]> {
  const day = now.toISOString().slice(0, 10);
  return (await poolLevelCrossings(tx, organizationIds, notificationPoolLevels)).flatMap(({ usage: u, reached }) =>
    reached.map((level): NoticeDraft => {
      const kind = LEVEL_KIND[level];
      return {
        kind,
        organizationId: u.organizationId,
        ...wording(kind, u),
        link: `/dashboard?org=${u.organizationId}`,
        source: `crossing:${u.poolId}:${kind}:${level === "quotaExhausted" ? u.apiConnects.period : day}`,
        occurredAt: now,
      };
    }),
  );
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
