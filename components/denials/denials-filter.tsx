import { Button, ButtonLink } from "@/components/ui/button";
import { DateField } from "@/components/ui/date-field";
import { InputField, SelectField } from "@/components/ui/field";
import type { DenialFilter } from "@/lib/console/denials-queries";

/** The denials filter as a plain GET form: the URL holds the filter, so it can be shared and exported. */
export function DenialsFilterForm({
  scope,
  filter,
  pools,
  codes,
}: {
  scope: string;
  filter: DenialFilter;
  pools: { id: string; name: string }[];
  codes: readonly string[];
}) {
  const isFiltered = Boolean(filter.pool || filter.code || filter.user || filter.device || filter.from || filter.to);
  return (
    <form
      method="get"
      action="/denials"
      aria-label="Filter denials"
      className="grid gap-3 border-b border-slate-100 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4"
    >
      <input type="hidden" name="org" value={scope} />
      {pools.length > 0 ? (
        <SelectField label="Pool" name="pool" defaultValue={filter.pool ?? ""}>
          <option value="">Any pool</option>
          {pools.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField label="Code" name="code" defaultValue={filter.code ?? ""}>
        <option value="">Any code</option>
        {codes.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <InputField label="User" name="user" defaultValue={filter.user ?? ""} placeholder="username or id" />
      <InputField label="Device" name="device" defaultValue={filter.device ?? ""} placeholder="exact device id" />
      <DateField label="From" name="from" defaultValue={filter.from ?? ""} />
      <DateField label="To" name="to" defaultValue={filter.to ?? ""} />
      <div className="flex items-end gap-2 lg:col-span-2">
        <Button type="submit">Apply filter</Button>
        {isFiltered ? (
          <ButtonLink href={`/denials?org=${encodeURIComponent(scope)}`} variant="ghost">
            Clear
          </ButtonLink>
        ) : null}
      </div>
    </form>
  );
}
