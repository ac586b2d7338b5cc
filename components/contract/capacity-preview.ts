import { holdingLabels, holdingsOverLimits, type Over } from "@/lib/licensing/holdings";
import { seatLimit } from "@/lib/licensing/holdings/named-seats";

// What a capacity change would mean, shown while the owner types. The server decides (rules 4,
// 19); this says the consequences in advance with the engine's own arithmetic (holdingsOverLimits).

export type PoolForPreview = {
  capacity: number;
  minCapacity: number;
  maxCapacity: number | null;
  overagePercent: number;
  inUse: number;
  /** The current limit (capacity plus overage). */
  limit: number;
  model: "named" | "concurrent";
  activationsPerLicense: number;
  extraActivations: number;
  apiConnectsPerLicense: number;
  extraApiConnects: number;
  /** Live device activations and this month's used API connects. */
  activationsInUse: number;
  apiConnectsUsed: number;
};

export type CapacityPreview =
  | { kind: "invalid"; message: string }
  | {
      kind: "same" | "increase" | "decrease";
      capacity: number;
      limit: number;
      available: number;
      isWithinBounds: boolean;
      /** Seats to free before the capacity may go this low (0 when it may). */
      mustFree: number;
      /** Every holding the new capacity would leave above its limit (rule 19). */
      over: Over[];
    };

export function previewCapacity(pool: PoolForPreview, raw: string): CapacityPreview {
  if (raw.trim() === "") return { kind: "invalid", message: "Enter the new capacity." };
  const capacity = Number(raw);
  if (!Number.isInteger(capacity) || capacity < 0)
    return { kind: "invalid", message: "The capacity is a whole number, 0 or more." };
  const limit = seatLimit({ capacity, overagePercent: pool.overagePercent });
  const over = holdingsOverLimits(
    pool.model,
    pool,
    { ...pool, capacity },
    { seats: pool.inUse, activations: pool.activationsInUse, apiConnects: pool.apiConnectsUsed },
  );
  return {
    kind: capacity === pool.capacity ? "same" : capacity > pool.capacity ? "increase" : "decrease",
    capacity,
    limit,
    available: Math.max(0, limit - pool.inUse),
    isWithinBounds: capacity >= pool.minCapacity && (pool.maxCapacity === null || capacity <= pool.maxCapacity),
    mustFree: over.find((o) => o.kind === "seats" || o.kind === "sessions")?.mustFree ?? 0,
    over,
  };
}

export function boundsText(pool: Pick<PoolForPreview, "minCapacity" | "maxCapacity">) {
  return pool.maxCapacity === null ? `${pool.minCapacity} or more` : `${pool.minCapacity} to ${pool.maxCapacity}`;
}

/** Rule 4's refusal in plain words: "12 seats are in use; free 2 before lowering to 10." */
export function belowUseSentence(inUse: number, capacity: number) {
  const seats = inUse === 1 ? "1 seat is" : `${inUse} seats are`;
  return `${seats} in use; free ${inUse - capacity} before lowering to ${capacity}.`;
}

/** Rules 4 and 19 in plain words, one clause per holding over its new limit. */
export function overSentence(over: Over[]) {
  return over
    .map((o) =>
      o.kind === "seats" || o.kind === "sessions"
        ? belowUseSentence(o.held, o.limit)
        : `${o.held} ${holdingLabels[o.kind]} are in use and the new limit is ${o.limit}; free ${o.mustFree} first.`,
    )
    .join(" ");
}
