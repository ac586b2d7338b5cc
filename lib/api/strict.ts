import { z } from "zod";

/**
 * The same schema refusing unknown fields at every level: the API's request bodies, so a setting
 * the endpoint doesn't know is refused by name instead of silently ignored (SPEC §3). A union's
 * `Date` member goes too: JSON never carries one (in-process callers pass Dates, the API strings),
 * and the document would otherwise list the date-time string twice.
 */
export function strict<T extends z.ZodType>(schema: T): T {
  const s = schema as z.ZodType;
  if (s instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(s.shape).map(([k, v]) => [k, strict(v as z.ZodType)]));
    return s.clone({ ...s._zod.def, shape, catchall: z.never() }) as unknown as T;
  }
  if (s instanceof z.ZodArray)
    return s.clone({ ...s._zod.def, element: strict(s.element as z.ZodType) }) as unknown as T;
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    const def = s._zod.def;
    const clone = s.clone as (def: unknown) => z.ZodType;
    return clone.call(s, { ...def, innerType: strict(def.innerType as z.ZodType) }) as unknown as T;
  }
  if (s instanceof z.ZodUnion) {
    const options = (s.options as z.ZodType[]).filter((option) => !(option instanceof z.ZodDate)).map(strict);
    return s.clone({ ...s._zod.def, options } as typeof s._zod.def) as unknown as T;
  }
  return schema;
}
