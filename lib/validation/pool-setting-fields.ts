import type { BoundedField } from "./bounds";

// The numeric floating-licence settings of a concurrent pool (rule 25) as the contract page edits
// them, declared once: the settings dialog renders one input per entry and the server action
// builds its schema from the same list. A setting is one entry (borrowing adds maxBorrowHours and
// borrowPercent here). No dependencies beyond bounds.ts, so client components import it.

export type PoolSettingField = {
  /** The pool field (PATCH …/pools/{module}) and its bound in bounds.ts. */
  name: Extract<BoundedField, "idleTimeoutMinutes" | "maxBorrowHours" | "borrowPercent">;
  label: string;
  /** Its name in the one-line summary under the pool. */
  short: string;
  hint: string;
  /** What an empty input stores: null turns the setting off; a number is the setting's default. */
  whenEmpty: null | number;
  /** Said in the table of pools when the setting is off (null or 0). */
  offText: string;
  unit: string;
  /** Shown in that summary only while this other setting is on (a share of borrowing that is off says nothing). */
  shownWith?: string;
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
  {
    name: "maxBorrowHours",
    label: "Longest borrow (hours)",
    short: "Borrowing",
    hint: "A live session may be borrowed for offline use for up to this many hours; its seat counts until it is returned or runs out. 0 or empty for off.",
    whenEmpty: 0,
    offText: "off",
    unit: "h at most",
  },
  {
    name: "borrowPercent",
    label: "Borrowable share (%)",
    short: "Borrowable",
    hint: "At most this share of the pool's licences may be borrowed at once. Empty for 100.",
    whenEmpty: 100,
    offText: "none",
    unit: "%",
    shownWith: "maxBorrowHours",
  },
] as const satisfies readonly PoolSettingField[];

export type PoolSettingName = (typeof poolSettingFields)[number]["name"];
export type PoolSettingValues = Record<PoolSettingName, number | null>;
