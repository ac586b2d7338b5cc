import type { z } from "zod";
import { boundOf, boundSentence } from "./bounds";

export type FieldIssue = { path: string; message: string };

/** How a refused input is answered (SPEC §3): out-of-range numbers are 422, anything else malformed is 400. */
export type InputRefusal =
  | {
      code: "VALUE_OUT_OF_RANGE";
      message: string;
      details: { field: string; min: number; max: number; issues: FieldIssue[] };
    }
  | { code: "VALIDATION_FAILED"; message: string; details: { issues: FieldIssue[] } };

const isRangeIssue = (i: z.core.$ZodIssue) =>
  (i.code === "too_big" || i.code === "too_small") &&
  (i.origin === "number" || i.origin === "int") &&
  boundOf(i.path) !== undefined;

/**
 * Sorts a zod error into rule 22's VALUE_OUT_OF_RANGE (every issue is a documented bound, named
 * with its field, min and max) or VALIDATION_FAILED (the field issues), with one sentence.
 */
export function describeInputRefusal(error: z.ZodError, subject = "The input"): InputRefusal {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const i of error.issues) {
    const path = i.path.map(String).join(".");
    // An unsafe integer also breaks the field's own bound: say it once.
    if (isRangeIssue(i) && seen.has(path)) continue;
    seen.add(path);
    if (i.code === "unrecognized_keys") {
      // No setting is silently ignored (SPEC §3): name each field the input doesn't know.
      const fields = i.keys.map((k) => (path ? `${path}.${k}` : k));
      issues.push({
        path: fields.join(", "),
        message: `Unknown field${fields.length > 1 ? "s" : ""}: ${fields.join(", ")}`,
      });
      continue;
    }
    issues.push({ path, message: isRangeIssue(i) ? boundSentence(boundOf(i.path)!.field) : i.message });
  }
  const sentence = issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ");
  const ranges = error.issues.filter(isRangeIssue);
  if (ranges.length === error.issues.length) {
    const first = ranges[0]!;
    const bound = boundOf(first.path)!;
    return {
      code: "VALUE_OUT_OF_RANGE",
      message: `${sentence}.`,
      details: { field: first.path.map(String).join("."), min: bound.min, max: bound.max, issues },
    };
  }
  return { code: "VALIDATION_FAILED", message: `${subject} is not valid: ${sentence}.`, details: { issues } };
}
