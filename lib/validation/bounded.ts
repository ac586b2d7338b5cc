import { z } from "zod";
import { bounds, boundSentence, type Bound, type BoundedField } from "./bounds";

/** A whole number within the field's documented range (zod; the OpenAPI document shows minimum/maximum). */
export function bounded(field: BoundedField) {
  const b: Bound = bounds[field];
  return z
    .number({ message: `${b.label} must be a number` })
    .int(`${b.label} must be a whole number`)
    .min(b.min, boundSentence(field))
    .max(b.max, boundSentence(field));
}

/** The same number coming from a form field (a string), for console server actions. */
export function boundedFromForm(field: BoundedField) {
  return z.coerce.number<unknown>({ message: `${bounds[field].label} must be a number` }).pipe(bounded(field));
}
