import { z } from "zod";
import { boundedFromForm } from "./bounded";
import type { BoundedField } from "./bounds";
import { poolSettingFields } from "./pool-setting-fields";

// The contract page's pool-settings form (rule 25): the numeric settings of pool-setting-fields.ts
// and the reservations, as strings from the form's inputs. The engine (updatePool) checks the rest
// (profiles of the organization, reserved seats within the capacity, a max not below reserved).

const isEmpty = (v: unknown) => v === "" || v === undefined;

/** A form string that may be empty (→ null, "off"), else a whole number within the field's bounds. */
const emptyAsNull = (field: BoundedField) =>
  z.preprocess((v) => (isEmpty(v) ? null : v), boundedFromForm(field).nullable());

/** A form string that may be empty (→ `empty`, 0 by default), else a whole number within the field's bounds. */
const emptyAsNumber = (field: BoundedField, empty = 0) =>
  z.preprocess((v) => (isEmpty(v) ? empty : v), boundedFromForm(field));

const settings = Object.fromEntries(
  poolSettingFields.map((f) => [
    f.name,
    f.whenEmpty === null ? emptyAsNull(f.name) : emptyAsNumber(f.name, f.whenEmpty),
  ]),
) as {
  [F in (typeof poolSettingFields)[number] as F["name"]]: F["whenEmpty"] extends null
    ? ReturnType<typeof emptyAsNull>
    : ReturnType<typeof emptyAsNumber>;
};

export const poolSettingsFormInput = z.object({
  ...settings,
  reservations: z
    .array(
      z.object({
        profileId: z.string({ message: "Choose a profile" }).uuid("Choose a profile"),
        reserved: emptyAsNumber("reserved"),
        max: emptyAsNull("max"),
      }),
    )
    .max(200, "A pool takes at most 200 reservations"),
});
