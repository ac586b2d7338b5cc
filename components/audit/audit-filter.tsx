import { Button, ButtonLink } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import type { AuditFilter } from "@/lib/console/audit-queries";
import { DateField } from "@/components/ui/date-field";
import { auditActionLabel, auditTargetLabel } from "@/lib/console/audit-labels";

/** The audit filter as a plain GET form: the URL holds the filter, so it can be shared and exported. */
export function AuditFilterForm({
  log,
  filter,
  actions,
  targetTypes,
}: {
  log: string;
  filter: AuditFilter;
  actions: string[];
  targetTypes: string[];
}) {
  const isFiltered = Boolean(
    filter.actor || filter.action || filter.targetType || filter.targetId || filter.from || filter.to,
  );
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter audit events"
      className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4"
    >
      <input type="hidden" name="org" value={log} />
      {filter.view !== "changes" ? <input type="hidden" name="view" value={filter.view} /> : null}
      <InputField label="Actor" name="actor" defaultValue={filter.actor ?? ""} placeholder="e.g. owner@" />
      <SelectField label="Action" name="action" defaultValue={filter.action ?? ""}>
        <option value="">Any action</option>
        {actions.map((a) => (
          <option key={a} value={a}>
            {auditActionLabel(a)}
          </option>
        ))}
      </SelectField>
      <SelectField label="Target type" name="targetType" defaultValue={filter.targetType ?? ""}>
        <option value="">Any target</option>
        {targetTypes.map((t) => (
          <option key={t} value={t}>
            {auditTargetLabel(t)}
          </option>
        ))}
      </SelectField>
      <InputField label="Target ID" name="targetId" defaultValue={filter.targetId ?? ""} placeholder="exact id" />
      <DateField label="From" name="from" defaultValue={filter.from ?? ""} />
      <DateField label="To" name="to" defaultValue={filter.to ?? ""} />
      <div className="flex items-end gap-2 lg:col-span-2">
        <Button type="submit">Apply filter</Button>
        {isFiltered ? (
          <ButtonLink
            href={`/audit?org=${encodeURIComponent(log)}${filter.view !== "changes" ? `&view=${filter.view}` : ""}`}
            variant="ghost"
          >
            Clear
          </ButtonLink>
        ) : null}
      </div>
    </form>
  );
}
