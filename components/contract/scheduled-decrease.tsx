"use client";

import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { cancelScheduledDecreaseAction, changeScheduledDecreaseAction } from "@/app/(console)/contract/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { useSettledDialog } from "@/components/ui/use-settled-dialog";
import { formatDate } from "@/lib/console/format";
import { inputRange } from "@/lib/validation/bounds";

type Target = { organizationId: string; contractId: string; module: string; moduleName: string };

export type ScheduledDecreaseProps = Target & {
  capacity: number;
  scheduledCapacity: number;
  /** ISO instant the decrease takes effect (the contract's end). */
  scheduledAt: string;
  minCapacity: number;
  maxCapacity: number | null;
  /** Whether the viewer may change or cancel it (else only the badge shows). */
  canChange: boolean;
  /** The id of the row's capacity button: focus goes there once the cancelled schedule's buttons are gone. */
  returnFocusToId: string;
};

/** A pool's scheduled decrease: the badge, and for the owner Change and Cancel. */
export function ScheduledDecrease(props: ScheduledDecreaseProps) {
  const { moduleName, scheduledCapacity, scheduledAt, canChange } = props;
  const date = formatDate(new Date(scheduledAt));
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1">
      <Badge tone="brand" data-testid="scheduled-change">
        To {scheduledCapacity} on {date}
      </Badge>
      {canChange ? (
        <>
          <ChangeScheduledDecrease {...props} />
          <CancelScheduledDecrease {...props} date={date} />
        </>
      ) : (
        <span className="sr-only">{`${moduleName}: a decrease is scheduled for renewal.`}</span>
      )}
    </div>
  );
}

function CancelScheduledDecrease({
  organizationId,
  contractId,
  module,
  moduleName,
  capacity,
  scheduledCapacity,
  date,
  returnFocusToId,
}: ScheduledDecreaseProps & { date: string }) {
  // Once cancelled, this button goes away with the schedule: focus then goes to the row's
  // capacity button. Escape or Cancel leave it in place, and focus returns to it.
  const cancelled = useRef(false);
  const capacityButton = useMemo(
    () => ({
      get current() {
        return cancelled.current ? document.getElementById(returnFocusToId) : null;
      },
    }),
    [returnFocusToId],
  );
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          className="px-2 py-0.5 text-xs text-red-700"
          aria-label={`Cancel the scheduled decrease of ${moduleName}`}
        >
          Cancel
        </Button>
      }
      title={`Cancel the scheduled decrease of ${moduleName}?`}
      confirmLabel="Cancel the decrease"
      returnFocusTo={capacityButton}
      onConfirm={async () => {
        const result = await cancelScheduledDecreaseAction({ organizationId, contractId, module });
        if (!result.ok) return result.error;
        cancelled.current = true;
        if (result.message) toast.success(result.message);
        return null;
      }}
    >
      The capacity stays at {capacity} on {date} instead of going down to {scheduledCapacity}. You can schedule a
      decrease again until then.
    </ConfirmDialog>
  );
}

function ChangeScheduledDecrease({
  organizationId,
  contractId,
  module,
  moduleName,
  capacity,
  scheduledCapacity,
  scheduledAt,
  minCapacity,
  maxCapacity,
}: ScheduledDecreaseProps) {
  const [value, setValue] = useState(String(scheduledCapacity));
  const form = useActionForm();
  const { pending } = form;
  const highest = Math.min(capacity - 1, maxCapacity ?? Infinity);

  const { open, onOpenChange, settle } = useSettledDialog(pending, () => {
    setValue(String(scheduledCapacity));
    form.reset();
  });

  async function save() {
    if (!value.trim()) {
      const message = "Give the capacity at renewal.";
      return form.refuse(message, { capacity: [message] });
    }
    const done = await form.run(() =>
      changeScheduledDecreaseAction({ organizationId, contractId, module, capacity: value }),
    );
    settle(done);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button
          variant="ghost"
          className="px-2 py-0.5 text-xs"
          aria-label={`Change the scheduled decrease of ${moduleName}`}
        >
          Change
        </Button>
      }
      title={`Scheduled decrease: ${moduleName}`}
      description={`Now ${capacity}; on ${formatDate(new Date(scheduledAt))} it goes down to ${scheduledCapacity}.`}
      size="sm"
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button disabled={pending} aria-busy={pending} onClick={() => void save()}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <InputField
          label="Capacity at renewal"
          type="number"
          inputMode="numeric"
          {...inputRange("capacity")}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            form.reset();
          }}
          error={form.fieldErrors.capacity}
          hint={
            highest >= minCapacity
              ? `Between ${minCapacity} and ${highest}: below today's ${capacity}, within the pool's bounds.`
              : `The pool's minimum is ${minCapacity}: no lower capacity is possible.`
          }
          autoFocus
        />
        <FormError message={form.fieldErrors.capacity ? null : form.error} />
      </form>
    </Dialog>
  );
}
