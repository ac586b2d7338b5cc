"use client";

import { useState } from "react";
import { updateAutoReclaimAction } from "@/app/(console)/contract/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { inputRange } from "@/lib/validation/bounds";

/**
 * A named pool's auto-reclaim (off by default): the days unused after which a holder's credentials
 * are revoked, announced to the admins a week before. Empty turns it off.
 */
export function AutoReclaimDialog({
  organizationId,
  contractId,
  module,
  moduleName,
  days,
}: {
  organizationId: string;
  contractId: string;
  module: string;
  moduleName: string;
  days: number | null;
}) {
  const form = useActionForm();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(days === null ? "" : String(days));
  const formId = `auto-reclaim-${module}`;

  function onOpenChange(next: boolean) {
    if (form.pending) return;
    setOpen(next);
    if (next) {
      setValue(days === null ? "" : String(days));
      form.reset();
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button variant="ghost" className="px-2 py-0.5 text-xs" aria-label={`Auto-reclaim of ${moduleName}`}>
          Auto-reclaim
        </Button>
      }
      size="sm"
      title={`Auto-reclaim: ${moduleName}`}
      description="Revoke the credentials of a seat holder who has not used this module for a number of days. The admins are told a week before; nothing changes until you save."
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={form.pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" form={formId} disabled={form.pending} aria-busy={form.pending}>
            {form.pending ? "Saving…" : "Save auto-reclaim"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const saved = await form.run(() =>
            updateAutoReclaimAction({ organizationId, contractId, module, autoReclaimDays: value }),
          );
          if (saved) setOpen(false);
        }}
      >
        <InputField
          name="autoReclaimDays"
          label="Revoke credentials after (days unused)"
          hint="Empty: off."
          type="number"
          inputMode="numeric"
          {...inputRange("autoReclaimDays")}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={form.fieldErrors.autoReclaimDays}
        />
        <FormError message={form.fieldErrors.autoReclaimDays ? null : form.error} />
      </form>
    </Dialog>
  );
}
