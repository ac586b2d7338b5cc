import type { BoundedField } from "./bounds";

// The numeric floating-licence settings of a concurrent pool (rule 25) as the contract page edits
// them, declared once: the settings dialog renders one input per entry and the server action
// builds its schema from the same list. A setting is one entry (borrowing adds maxBorrowHours and
// borrowPercent here). No dependencies beyond bounds.ts, so client components import it.

export type PoolSettingField = {
  /** The pool field (PATCH …/pools/{module}) and its bound in bounds.ts. */
  name: Extract<BoundedField, "idleTimeoutMinutes">;
  label: string;
  /** Its name in the one-line summary under the pool. */
  short: string;
  hint: string;
  /** What an empty input stores: null turns the setting off. */
  whenEmpty: null | 0;
  /** Said in the table of pools when the setting is empty. */
  offText: string;
  unit: string;
};

export const poolSettingFields = [
  {
    name: "idleTimeoutMinutes",
    label: "Idle timeout (minutes)",
    short: "Idle timeout",
    hint: "A session whose application reports no use for longer ends and frees its seat. Leave empty for off.",
    whenEmpty: null,
    offText: "off",
    unit: "min",
  },
] as const satisfies readonly PoolSettingField[];

export type PoolSettingName = (typeof poolSettingFields)[number]["name"];
export type PoolSettingValues = Record<PoolSettingName, number | null>;
