"use client";

import { useState } from "react";
import { createContractAction } from "@/app/(console)/organizations/actions";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { DateField } from "@/components/ui/date-field";
import { formatMoney } from "@/lib/money/money";

export type PlanChoice = {
  id: string;
  name: string;
  currency: string | null;
  modules: {
    moduleName: string;
    model: string;
    includedCapacity: number;
    maxCapacity: number | null;
    pricePerLicense: number | null;
  }[];
};

/** Creates a contract from a plan: each pool takes the plan's model, included capacity and maximum. */
export function CreateContractForm({
  organizationId,
  plans,
  locale,
}: {
  organizationId: string;
  plans: PlanChoice[];
  locale: string;
}) {
  const form = useActionForm();
  const [planName, setPlanName] = useState(plans[0]?.name ?? "");
  const plan = plans.find((p) => p.name === planName);
  if (plans.length === 0)
    return <p className="text-sm text-slate-500">There are no plans yet: create one in the catalogue first.</p>;
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const el = e.currentTarget;
        const data = new FormData(el);
        const created = await form.run(() =>
          createContractAction({
            organizationId,
            plan: planName,
            startsAt: String(data.get("startsAt") ?? ""),
            endsAt: String(data.get("endsAt") ?? ""),
            currency: String(data.get("currency") ?? "").trim(),
          }),
        );
        if (created) el.reset();
      }}
    >
      <SelectField
        label="Plan"
        name="plan"
        value={planName}
        onChange={(e) => setPlanName(e.target.value)}
        error={form.fieldErrors.plan}
      >
        {plans.map((p) => (
          <option key={p.id} value={p.name}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {plan ? (
        <div
          className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700"
          aria-live="polite"
        >
          <p className="font-medium text-slate-900">Pools this contract gets</p>
          <ul className="mt-1 space-y-0.5">
            {plan.modules.map((m) => (
              <li key={m.moduleName}>
                {m.moduleName}: {m.model}, {m.includedCapacity} included, up to {m.maxCapacity ?? "any number"}
                {m.pricePerLicense !== null && plan.currency
                  ? `, ${formatMoney(m.pricePerLicense, plan.currency, locale)} per licence a month`
                  : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <DateField
          label="Starts (optional)"
          name="startsAt"

          hint="Today when empty."
          error={form.fieldErrors.startsAt}
        />
        <DateField
          label="Ends (optional)"
          name="endsAt"

          hint="Perpetual when empty."
          error={form.fieldErrors.endsAt}
        />
      </div>
      <InputField
        label="Currency (optional)"
        name="currency"
        placeholder={plan?.currency ?? "EUR"}
        maxLength={3}
        hint={
          plan?.currency
            ? `The plan's prices are in ${plan.currency}; another currency leaves the pools without prices.`
            : "The currency of the pools' prices, such as EUR."
        }
        error={form.fieldErrors.currency?.[0]}
      />
      <FormError message={form.error} />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Creating…" : "Create contract"}
      </Button>
    </form>
  );
}
