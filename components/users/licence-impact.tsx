export type Impact = { module: string; moduleName: string; needed: number; available: number; ok: boolean };

/** A change's licence impact per module: seats needed (or freed) against seats available. */
export function LicenceImpact({ impact, label = "Licence impact" }: { impact: Impact[]; label?: string }) {
  return (
    <ul aria-label={label} className="space-y-1 text-sm">
      {impact.map((m) => (
        <li key={m.module} className={m.ok ? "text-slate-700" : "font-medium text-red-700"}>
          {m.moduleName}:{" "}
          {m.needed < 0
            ? `${-m.needed} freed`
            : `${m.needed} needed, ${m.available} available${m.ok ? "" : ` — ${m.needed - m.available} short`}`}
        </li>
      ))}
    </ul>
  );
}
