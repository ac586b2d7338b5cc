"use client";

import { useState } from "react";
import { createContractAction } from "@/app/(console)/organizations/actions";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { DateField } from "@/components/ui/date-field";
import { formatMoney } from "@/lib/money/money";
import { boundSentence, bounds } from "@/lib/validation/bounds";

type PlanPool = {
  moduleKey: string;
  moduleName: string;
  model: string;
  includedCapacity: number;
  maxCapacity: number | null;
  pricePerLicense: number | null;
};

export type PlanChoice = { id: string; name: string; currency: string | null; modules: PlanPool[] };

/** The plan's bounds of a pool: its included capacity is the minimum. */
const boundsWords = (m: PlanPool) =>
  m.maxCapacity === null
    ? `Minimum ${m.includedCapacity} (included in the plan), no maximum.`
    : `Minimum ${m.includedCapacity} (included in the plan), maximum ${m.maxCapacity}.`;

/** Why a typed capacity can't be this pool's, in words; undefined when it can. */
function capacityProblem(value: string, m: PlanPool) {
  const range =
    m.maxCapacity === null ? `of ${m.includedCapacity} or more` : `from ${m.includedCapacity} to ${m.maxCapacity}`;
  if (!/^\d+$/.test(value.trim())) return `Enter a whole number ${range}.`;
  const n = Number(value);
  if (n > bounds.capacity.max) return `${boundSentence("capacity")}.`;
  if (n < m.includedCapacity)
    return `${n} is below the plan's minimum of ${m.includedCapacity} for ${m.moduleName} (what the plan includes).`;
  if (m.maxCapacity !== null && n > m.maxCapacity)
    return `${n} is above the plan's maximum of ${m.maxCapacity} for ${m.moduleName}.`;
  return undefined;
}

/**
 * Creates a contract from a plan: each pool takes the plan's model and a capacity within the plan's
 * bounds (its included capacity, the minimum, up to its maximum), checked as it is typed.
 */
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
  // Capacities typed by the operator, by module key; a pool left alone takes the plan's included capacity.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const plan = plans.find((p) => p.name === planName);
  if (plans.length === 0)
    return <p className="text-sm text-slate-500">There are no plans yet: create one in the catalogue first.</p>;
  const capacityOf = (m: PlanPool) => typed[m.moduleKey] ?? String(m.includedCapacity);
  // What was typed is checked as it is typed; the server's word stands until the field changes.
  const problemOf = (m: PlanPool, i: number) =>
    m.moduleKey in typed ? capacityProblem(capacityOf(m), m) : form.fieldErrors[`pools.${i}.capacity`];

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!plan) return;
        const el = e.currentTarget;
        const problems = Object.fromEntries(
          plan.modules.flatMap((m, i) => {
            const problem = capacityProblem(capacityOf(m), m);
            return problem ? [[`pools.${i}.capacity`, [problem]]] : [];
          }),
        );
        if (Object.keys(problems).length) {
          form.refuse("A capacity is outside the plan's bounds: see under the field.", problems);
          return;
        }
        const data = new FormData(el);
        const created = await form.run(() =>
          createContractAction({
            organizationId,
            plan: planName,
            startsAt: String(data.get("startsAt") ?? ""),
            endsAt: String(data.get("endsAt") ?? ""),
            currency: String(data.get("currency") ?? "").trim(),
            pools: plan.modules.map((m) => ({ module: m.moduleKey, capacity: capacityOf(m) })),
          }),
        );
        if (created) {
          el.reset();
          setTyped({});
        }
      }}
    >
      <SelectField
        label="Plan"
        name="plan"
        value={planName}
        onChange={(e) => {
          setPlanName(e.target.value);
          setTyped({});
          form.reset();
        }}
        error={form.fieldErrors.plan}
      >
        {plans.map((p) => (
          <option key={p.id} value={p.name}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {plan ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-3">
          <legend className="px-1 text-sm font-medium text-slate-900">Pools this contract gets</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            {plan.modules.map((m, i) => (
              <InputField
                key={`${plan.id}:${m.moduleKey}`}
                label={`Capacity of ${m.moduleName}`}
                name={`capacity.${m.moduleKey}`}
                type="number"
                inputMode="numeric"
                min={m.includedCapacity}
                max={m.maxCapacity ?? undefined}
                value={capacityOf(m)}
                onChange={(e) => {
                  setTyped((t) => ({ ...t, [m.moduleKey]: e.target.value }));
                  form.reset();
                }}
                hint={`${m.model === "named" ? "Named" : "Concurrent"} pool. ${boundsWords(m)}${
                  m.pricePerLicense !== null && plan.currency
                    ? ` ${formatMoney(m.pricePerLicense, plan.currency, locale)} per licence a month.`
                    : ""
                }`}
                error={problemOf(m, i)}
              />
            ))}
          </div>
        </fieldset>
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
          distance
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
