// The one state model of a pool's holding, shared by the dashboard's cards and banner, the
// vendor overview, the badges and the usage history's right-sizing advice, so no two of them
// can call the same figures by different names. Pure: the console's client code imports it too.

export type PoolState = "normal" | "warning" | "full" | "over";

export function poolState(inUse: number, capacity: number, limit: number, warningThresholdPercent: number): PoolState {
  if (inUse > limit) return "over";
  if (inUse >= limit && limit > 0) return "full";
  if (capacity > 0 && inUse * 100 >= capacity * warningThresholdPercent) return "warning";
  return "normal";
}
