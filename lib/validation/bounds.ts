// Rule 22: every number has a bound. This table is the one place the ranges are written: the
// request schemas, the OpenAPI document (minimum/maximum) and the console forms (min/max) read it.
// This file has no dependencies, so client components import it; bounded.ts makes the zod schemas.
// The maxima are chosen so that no accepted combination overflows what the database stores:
// capacity × (100 + overage) ≤ 1.1 × 10⁹ and capacity × activations + extra ≤ 1.001 × 10⁹ fit a
// 32-bit integer; capacity × API connects + extra (≤ 1.0001 × 10¹²) is computed and counted in bigint.

export type Bound = { min: number; max: number; label: string; unit?: string };

export const bounds = {
  capacity: { min: 0, max: 1_000_000, label: "The capacity" },
  includedCapacity: { min: 0, max: 1_000_000, label: "The included capacity" },
  minCapacity: { min: 0, max: 1_000_000, label: "The minimum capacity" },
  maxCapacity: { min: 0, max: 1_000_000, label: "The maximum capacity" },
  overagePercent: { min: 0, max: 1_000, label: "The overage", unit: "%" },
  activationsPerLicense: { min: 0, max: 1_000, label: "Activations per licence" },
  extraActivations: { min: 0, max: 1_000_000, label: "Extra activations" },
  apiConnectsPerLicense: { min: 0, max: 1_000_000, label: "API connects per licence" },
  extraApiConnects: { min: 0, max: 100_000_000, label: "Extra API connects" },
  heartbeatSeconds: { min: 10, max: 86_400, label: "The heartbeat", unit: " seconds" },
  leaseDays: { min: 1, max: 3_650, label: "The lease length", unit: " days" },
  warningThresholdPercent: { min: 1, max: 100, label: "The warning threshold", unit: "%" },
  weight: { min: 1, max: 10_000, label: "The weight" },
  // Minor units (cents) per licence per month: capacity × price ≤ 10¹⁴ stays an exact JS integer.
  pricePerLicense: { min: 0, max: 100_000_000, label: "The price per licence", unit: " minor units (cents)" },
  wait: { min: 1, max: 60, label: "wait", unit: " seconds" },
  idleTimeoutMinutes: { min: 1, max: 10_080, label: "The idle timeout", unit: " minutes" },
  idleSeconds: { min: 0, max: 31_536_000, label: "idleSeconds", unit: " seconds" },
  reserved: { min: 0, max: 1_000_000, label: "The reserved seats" },
  max: { min: 0, max: 1_000_000, label: "The profile's maximum" },
  maxBorrowHours: { min: 0, max: 8_760, label: "The longest borrow", unit: " hours" },
  borrowPercent: { min: 0, max: 100, label: "The share of seats that may be borrowed", unit: "%" },
  hours: { min: 1, max: 8_760, label: "hours", unit: " hours" },
  // Above the week's notice the admins get before a seat is reclaimed.
  autoReclaimDays: { min: 8, max: 3_650, label: "Auto-reclaim", unit: " days" },
} as const satisfies Record<string, Bound>;

export type BoundedField = keyof typeof bounds;

const n = (v: number) => v.toLocaleString("en-US");

/** "The overage must be between 0 and 1,000%" */
export function boundSentence(field: BoundedField) {
  const b: Bound = bounds[field];
  return `${b.label} must be between ${n(b.min)} and ${n(b.max)}${b.unit ?? ""}`;
}

/** The `min`/`max` attributes of a console number input for a field. */
export const inputRange = (field: BoundedField) => ({ min: bounds[field].min, max: bounds[field].max });

/** The bound of a field named by the last segment of an issue path, if it has one. */
export function boundOf(path: readonly PropertyKey[]): (Bound & { field: BoundedField }) | undefined {
  const last = path.at(-1);
  if (typeof last !== "string" || !Object.hasOwn(bounds, last)) return undefined;
  return { ...bounds[last as BoundedField], field: last as BoundedField };
}
