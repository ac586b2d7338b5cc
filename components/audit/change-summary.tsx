// An audit event's before/after as "field: old → new" lines a person can read (only the fields
// that changed), with the full JSON behind a disclosure for anything nested.

import { fieldChanges, isRecord } from "@/lib/console/audit-diff";

type Json = unknown;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as people read it: an id by its name when the page knows it, a time without its seconds. */
function show(v: Json, names: Record<string, string> = {}): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string" && UUID.test(v)) return names[v] ?? `${v.slice(0, 8)}…`;
  if (typeof v === "string")
    return /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.replace("T", " ").replace(/:\d{2}(\.\d+)?Z$/, " UTC") : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Splits camelCase keys into words, an id field named for what it points at: "profileId" → "profile". */
function label(key: string) {
  return key
    .replace(/Id$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

export function ChangeSummary({
  before,
  after,
  names = {},
}: {
  before: Json;
  after: Json;
  names?: Record<string, string>;
}) {
  if ((before === null || before === undefined) && (after === null || after === undefined))
    return <span className="text-slate-500">—</span>;
  const changes = fieldChanges(before, after);
  const lines = changes.slice(0, 6);
  const a = isRecord(after) ? after : {};
  const b = isRecord(before) ? before : {};
  const keys = changes.map((c) => c.field);
  return (
    <div className="space-y-0.5 text-xs">
      <ul className="space-y-0.5">
        {lines.length === 0 ? <li className="text-slate-500">No field changed</li> : null}
        {lines.map((c) => (
          <li key={c.field}>
            <span className="text-slate-500">{label(c.field)}:</span>{" "}
            {c.kind === "changed" ? (
              <>
                <span className="text-slate-500 line-through decoration-slate-300">{show(c.before, names)}</span>{" "}
                <span aria-label="changed to">→</span> <span className="text-slate-900">{show(c.after, names)}</span>
              </>
            ) : c.kind === "set" ? (
              <span className="text-slate-900">{show(c.after, names)}</span>
            ) : (
              <span className="text-slate-500">was {show(c.before, names)}</span>
            )}
          </li>
        ))}
      </ul>
      {keys.length > lines.length || keys.some((k) => isRecord(a[k]) || Array.isArray(a[k]) || isRecord(b[k])) ? (
        <details>
          <summary className="cursor-pointer text-brand-700">Full record</summary>
          <pre className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 text-[11px] leading-4 text-slate-700">
            {JSON.stringify({ before, after }, null, 2)}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
