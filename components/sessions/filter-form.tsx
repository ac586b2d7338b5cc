"use client";

import { usePathname, useRouter } from "next/navigation";
import { ButtonLink, Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";

export type FilterSelect = {
  name: string;
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: { value: string; label: string }[];
};

/**
 * Filters kept in the URL (shareable, back-button friendly): a GET form whose selects apply as
 * soon as they change; the Apply button is there for keyboards and for browsers without JS.
 */
export function UrlFilterForm({
  organizationId,
  selects,
  label,
}: {
  organizationId: string;
  selects: FilterSelect[];
  label: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const isFiltered = selects.some((s) => s.value);
  return (
    <form
      method="get"
      aria-label={label}
      className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-3"
      onChange={(e) => {
        const params = new URLSearchParams();
        for (const [key, value] of new FormData(e.currentTarget))
          if (typeof value === "string" && value) params.set(key, value);
        router.replace(`${pathname}?${params}`);
      }}
      onSubmit={(e) => e.preventDefault()}
    >
      <input type="hidden" name="org" value={organizationId} />
      {selects.map((s) => (
        <SelectField key={s.name} label={s.label} name={s.name} defaultValue={s.value ?? ""} className="min-w-44">
          <option value="">{s.anyLabel}</option>
          {s.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      ))}
      <noscript>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </noscript>
      {isFiltered ? (
        <ButtonLink href={`${pathname}?org=${encodeURIComponent(organizationId)}`} variant="ghost">
          Clear filter
        </ButtonLink>
      ) : null}
    </form>
  );
}
