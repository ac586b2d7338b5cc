import { seatLimit } from "@/lib/licensing/holdings/named-seats";

// What a capacity change would mean, shown while the owner types. The server decides (rule 4);
// this only says the consequences in advance, from the same limit formula the engine uses.

export type PoolForPreview = {
  capacity: number;
  minCapacity: number;
  maxCapacity: number | null;
  overagePercent: number;
  inUse: number;
  /** The current limit (capacity plus overage). */
  limit: number;
  model: "named" | "concurrent";
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
    };

export function previewCapacity(pool: PoolForPreview, raw: string): CapacityPreview {
  if (raw.trim() === "") return { kind: "invalid", message: "Enter the new capacity." };
  const capacity = Number(raw);
  if (!Number.isInteger(capacity) || capacity < 0)
    return { kind: "invalid", message: "The capacity is a whole number, 0 or more." };
  const limit = seatLimit({ capacity, overagePercent: pool.overagePercent });
  return {
    kind: capacity === pool.capacity ? "same" : capacity > pool.capacity ? "increase" : "decrease",
    capacity,
    limit,
    available: Math.max(0, limit - pool.inUse),
    isWithinBounds: capacity >= pool.minCapacity && (pool.maxCapacity === null || capacity <= pool.maxCapacity),
    mustFree: capacity < pool.capacity ? Math.max(0, pool.inUse - capacity) : 0,
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
