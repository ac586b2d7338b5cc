"use client";

import { useState } from "react";
import { createPlanAction } from "@/app/(console)/catalogue/actions";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { isCurrency, parseMoney } from "@/lib/money/money";
import { inputRange } from "@/lib/validation/bounds";
import { useActionForm } from "@/components/ui/use-action-form";

type Row = {
  module: string;
  model: "named" | "concurrent";
  includedCapacity: string;
  maxCapacity: string;
  price: string;
};

const emptyRow = (module: string): Row => ({
  module,
  model: "named",
  includedCapacity: "",
  maxCapacity: "",
  price: "",
});

/** A plan: a name and, per module, the pool model, included capacity and purchasable maximum. */
export function CreatePlanForm({ modules }: { modules: { key: string; name: string }[] }) {
  const form = useActionForm();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [currency, setCurrency] = useState("");
  const [priceErrors, setPriceErrors] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<Row[]>([emptyRow(modules[0]?.key ?? "")]);
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // Numbers are sent as typed; an empty maximum means "no maximum", a bad number gets its field error.
  const toNumber = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
  const fieldError = (i: number, key: string) => form.fieldErrors[`modules.${i}.${key}`];

  /** Typed prices into minor units of the currency, or the sentences saying what is wrong. */
  function readPrices() {
    const code = currency.trim().toUpperCase();
    const errors: Record<string, string> = {};
    const priced = rows.some((r) => r.price.trim() !== "");
    if (priced && !isCurrency(code)) errors.currency = "Give the currency of the prices, such as EUR or NOK.";
    const prices = rows.map((r, i) => {
      if (r.price.trim() === "" || errors.currency) return undefined;
      const parsed = parseMoney(r.price, code);
      if (parsed.ok) return parsed.minor;
      errors[`price.${i}`] = parsed.message;
      return undefined;
    });
    if (code && !isCurrency(code)) errors.currency = "The currency must be an ISO 4217 code such as EUR, NOK or USD.";
    return { code: code || undefined, prices, errors };
  }

  if (modules.length === 0) return <p className="text-sm text-slate-500">Add a module first.</p>;
  return (
    <form
      className="space-y-4"
      aria-label="Create plan"
      onSubmit={async (e) => {
        e.preventDefault();
        const { code, prices, errors } = readPrices();
        setPriceErrors(errors);
        if (Object.keys(errors).length) return;
        const created = await form.run(() =>
          createPlanAction({
            name,
            description: description || undefined,
            currency: code,
            modules: rows.map((r, i) => ({
              pricePerLicense: prices[i],
              module: r.module,
              model: r.model,
              includedCapacity: toNumber(r.includedCapacity),
              maxCapacity: r.maxCapacity.trim() === "" ? undefined : toNumber(r.maxCapacity),
            })),
          }),
        );
        if (created) {
          setName("");
          setDescription("");
          setCurrency("");
          setRows([emptyRow(modules[0]!.key)]);
        }
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[2fr_2fr_1fr]">
        <InputField
          label="Plan name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          error={form.fieldErrors.name}
        />
        <InputField
          label="Description (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={form.fieldErrors.description}
        />
        <InputField
          label="Currency (for prices)"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          placeholder="EUR"
          maxLength={3}
          autoCapitalize="characters"
          error={priceErrors.currency ?? form.fieldErrors.currency?.[0]}
        />
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">Modules</legend>
        {rows.map((r, i) => (
          <div
            key={i}
            className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto] sm:items-start"
          >
            <SelectField
              label="Module"
              value={r.module}
              onChange={(e) => update(i, { module: e.target.value })}
              error={fieldError(i, "module")}
            >
              {modules.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Model"
              value={r.model}
              onChange={(e) => update(i, { model: e.target.value as Row["model"] })}
            >
              <option value="named">named</option>
              <option value="concurrent">concurrent</option>
            </SelectField>
            <InputField
              label="Included"
              type="number"
              {...inputRange("includedCapacity")}
              value={r.includedCapacity}
              onChange={(e) => update(i, { includedCapacity: e.target.value })}
              required
              error={fieldError(i, "includedCapacity")}
            />
            <InputField
              label="Maximum"
              type="number"
              {...inputRange("maxCapacity")}
              value={r.maxCapacity}
              onChange={(e) => update(i, { maxCapacity: e.target.value })}
              placeholder="none"
              error={fieldError(i, "maxCapacity")}
            />
            <InputField
              label="Price / licence / month"
              inputMode="decimal"
              value={r.price}
              onChange={(e) => update(i, { price: e.target.value })}
              placeholder="none"
              error={priceErrors[`price.${i}`] ?? fieldError(i, "pricePerLicense")}
            />
            <Button
              variant="ghost"
              className="sm:mt-6"
              disabled={rows.length === 1}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
              aria-label={`Remove module row ${i + 1}`}
            >
              Remove
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            setRows([
              ...rows,
              emptyRow(modules.find((m) => !rows.some((r) => r.module === m.key))?.key ?? modules[0]!.key),
            ])
          }
        >
          Add another module
        </Button>
      </fieldset>
      <FormError message={form.fieldErrors.name ? null : form.error} />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Creating…" : "Create plan"}
      </Button>
    </form>
  );
}
