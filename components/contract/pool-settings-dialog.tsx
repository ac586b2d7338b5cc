"use client";

import { useState, type ReactNode } from "react";
import { updatePoolSettingsAction } from "@/app/(console)/contract/actions";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { PoolReservation } from "@/db/schema";
import { inputRange } from "@/lib/validation/bounds";
import { poolSettingFields, type PoolSettingName, type PoolSettingValues } from "@/lib/validation/pool-setting-fields";

export type PoolSettingsDialogProps = {
  organizationId: string;
  contractId: string;
  pool: { module: string; moduleName: string; capacity: number };
  settings: PoolSettingValues & { reservations: PoolReservation[] };
  /** The organization's profiles, which reservations may name. */
  profiles: { id: string; name: string }[];
  trigger: ReactNode;
};

type Row = { key: number; profileId: string; reserved: string; max: string };

const text = (n: number | null) => (n === null ? "" : String(n));

/** Keys for the reservation rows (React keys only; rows come and go while the dialog is open). */
let lastRowKey = 0;
const rowKey = () => ++lastRowKey;

/**
 * A concurrent pool's floating-licence settings (rule 25): one input per declared setting
 * (pool-setting-fields.ts) and the reservations per profile (seats kept for its members, a cap
 * on what it holds). The engine's refusals are shown as it words them.
 */
export function PoolSettingsDialog({
  organizationId,
  contractId,
  pool,
  settings,
  profiles,
  trigger,
}: PoolSettingsDialogProps) {
  const form = useActionForm();
  const [open, setOpen] = useState(false);
  const toRows = () =>
    settings.reservations.map((r) => ({
      key: rowKey(),
      profileId: r.profileId,
      reserved: String(r.reserved),
      max: text(r.max),
    }));
  const initialValues = () =>
    Object.fromEntries(poolSettingFields.map((f) => [f.name, text(settings[f.name])])) as Record<
      PoolSettingName,
      string
    >;
  const [values, setValues] = useState(initialValues);
  const [rows, setRows] = useState<Row[]>(toRows);

  function onOpenChange(next: boolean) {
    if (form.pending) return;
    setOpen(next);
    if (next) {
      setValues(initialValues());
      setRows(toRows());
      form.reset();
    }
  }

  async function submit() {
    const saved = await form.run(() =>
      updatePoolSettingsAction({
        organizationId,
        contractId,
        module: pool.module,
        ...values,
        reservations: rows.map(({ profileId, reserved, max }) => ({ profileId, reserved, max })),
      }),
    );
    if (saved) setOpen(false);
  }

  const change = (key: number, patch: Partial<Row>) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const unused = profiles.filter((p) => !rows.some((r) => r.profileId === p.id));
  const err = (name: string) => form.fieldErrors[name];

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      size="lg"
      title={`Pool settings: ${pool.moduleName}`}
      description={`Concurrent pool of ${pool.capacity} licences. Nothing changes until you save.`}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={form.pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" form="pool-settings-form" disabled={form.pending} aria-busy={form.pending}>
            {form.pending ? "Saving…" : "Save settings"}
          </Button>
        </>
      }
    >
      <form
        id="pool-settings-form"
        // The server checks every value and says what is wrong under the field (the browser's
        // own bubbles would stop a bad number before its sentence is shown).
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {poolSettingFields.map((f) => (
            <InputField
              key={f.name}
              name={f.name}
              label={f.label}
              hint={f.hint}
              type="number"
              inputMode="numeric"
              {...inputRange(f.name)}
              value={values[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              error={err(f.name)}
            />
          ))}
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">Reservations</legend>
          <p className="text-xs text-slate-500">
            Reserved seats are usable only by the profile&apos;s members; a maximum caps how many seats the profile
            holds at once. Leave the maximum empty for no cap.
          </p>
          {rows.length === 0 ? <p className="text-sm text-slate-600">No seats are reserved in this pool.</p> : null}
          {rows.map((r, i) => (
            <div
              key={r.key}
              role="group"
              aria-label={`Reservation ${i + 1}`}
              className="grid items-start gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[2fr_1fr_1fr_auto]"
            >
              <SelectField
                label="Profile"
                value={r.profileId}
                onChange={(e) => change(r.key, { profileId: e.target.value })}
                error={err(`reservations.${i}.profileId`)}
              >
                <option value="">Choose a profile</option>
                {profiles
                  .filter((p) => p.id === r.profileId || unused.includes(p))
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
              </SelectField>
              <InputField
                label="Reserved seats"
                type="number"
                inputMode="numeric"
                {...inputRange("reserved")}
                value={r.reserved}
                onChange={(e) => change(r.key, { reserved: e.target.value })}
                error={err(`reservations.${i}.reserved`)}
              />
              <InputField
                label="Maximum"
                type="number"
                inputMode="numeric"
                {...inputRange("max")}
                value={r.max}
                onChange={(e) => change(r.key, { max: e.target.value })}
                error={err(`reservations.${i}.max`)}
              />
              <Button
                variant="ghost"
                className="px-2 py-1 text-xs text-red-700 sm:mt-7"
                aria-label={`Remove reservation ${i + 1}`}
                onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}
              >
                Remove
              </Button>
            </div>
          ))}
          {profiles.length === 0 ? (
            <p className="text-sm text-slate-600">
              This organization has no profiles yet, so no seats can be reserved.
            </p>
          ) : (
            <Button
              variant="secondary"
              className="text-xs"
              disabled={unused.length === 0}
              onClick={() =>
                setRows((list) => [...list, { key: rowKey(), profileId: unused[0]?.id ?? "", reserved: "", max: "" }])
              }
            >
              Add reservation
            </Button>
          )}
        </fieldset>
        <FormError message={form.error} />
      </form>
    </Dialog>
  );
}
