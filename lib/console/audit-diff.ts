// What an audit event changed, field by field: the fields whose value differs between before and
// after, the ones only one side has, and none that stayed the same ("status: active → active").
// No dependencies: the audit table (a client-safe component) reads it.

export type FieldChange =
  | { field: string; kind: "changed"; before: unknown; after: unknown }
  | { field: string; kind: "set"; after: unknown }
  | { field: string; kind: "removed"; before: unknown };

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Values compared as JSON with their keys sorted, so {a,b} and {b,a} are the same. */
function same(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : isRecord(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical(v[k])]),
          )
        : v;
  return JSON.stringify(canonical(a) ?? null) === JSON.stringify(canonical(b) ?? null);
}

/** The fields an event changed, in the order the record lists them (after's first). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (field in a && field in b) {
      if (!same(b[field], a[field])) changes.push({ field, kind: "changed", before: b[field], after: a[field] });
    } else if (field in a) changes.push({ field, kind: "set", after: a[field] });
    else changes.push({ field, kind: "removed", before: b[field] });
  }
  return changes;
}
