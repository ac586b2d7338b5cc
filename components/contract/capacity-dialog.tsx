"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { changeCapacityAction, scheduleDecreaseAction } from "@/app/(console)/contract/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatDate } from "@/lib/console/format";
import type { Over } from "@/lib/licensing/holdings";
import { inputRange } from "@/lib/validation/bounds";
import { belowUseSentence, boundsText, overSentence, previewCapacity, type PoolForPreview } from "./capacity-preview";
import { CapacityCost } from "./capacity-cost";
import { CapacityPreviewPanel } from "./capacity-preview-panel";

type Holder = { type: "user" | "session"; id: string; label: string };

export type CapacityDialogProps = {
  organizationId: string;
  contractId: string;
  /** The contract's renewal (end) date, ISO; null when perpetual (nothing to schedule for). */
  renewsAt: string | null;
  pool: PoolForPreview & { module: string; moduleName: string };
  /** Where the people or sessions holding this pool's seats are listed. */
  holdersHref: string;
  /** Price per licence per month (minor units of `currency`), for the cost preview. */
  price: { pricePerLicense: number | null; currency: string | null; locale: string };
};

type Refusal = { message: string; holders: Holder[]; showHolders: boolean };

/** Changes a pool's capacity now, or schedules a decrease for renewal, with a live preview. */
export function CapacityDialog({
  organizationId,
  contractId,
  renewsAt,
  pool,
  holdersHref,
  price,
}: CapacityDialogProps) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(String(pool.capacity));
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const preview = previewCapacity(pool, value);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (next) {
      setValue(String(pool.capacity));
      setRefusal(null);
      setFieldError(undefined);
    }
  }

  async function submit(when: "now" | "renewal") {
    if (preview.kind === "invalid") return setFieldError(preview.message);
    setPending(true);
    setRefusal(null);
    setFieldError(undefined);
    const input = { organizationId, contractId, module: pool.module, capacity: preview.capacity };
    const result = await (when === "now" ? changeCapacityAction(input) : scheduleDecreaseAction(input));
    setPending(false);
    if (result.ok) {
      toast.success(result.message ?? "Saved.");
      setOpen(false);
      return;
    }
    if (result.fieldErrors?.capacity) return setFieldError(result.fieldErrors.capacity[0]);
    if (result.code === "CAPACITY_BELOW_USAGE") {
      const inUse = Number(result.details?.inUse ?? pool.inUse);
      const holders = Array.isArray(result.details?.holders) ? (result.details.holders as Holder[]) : [];
      const over = Array.isArray(result.details?.holdings) ? (result.details.holdings as Over[]) : [];
      const message = over.length ? overSentence(over) : belowUseSentence(inUse, preview.capacity);
      return setRefusal({ message, holders, showHolders: true });
    }
    setRefusal({ message: result.error, holders: [], showHolders: false });
  }

  const canSchedule = renewsAt !== null && preview.kind === "decrease";
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Change capacity of ${pool.moduleName}`}>
          Change
        </Button>
      }
      title={`Change capacity: ${pool.moduleName}`}
      description={`Now ${pool.capacity}; bounds ${boundsText(pool)}. Nothing changes until you confirm.`}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          {canSchedule ? (
            <Button variant="secondary" disabled={pending} onClick={() => submit("renewal")}>
              Schedule for renewal ({formatDate(new Date(renewsAt))})
            </Button>
          ) : null}
          <Button disabled={pending || preview.kind === "same"} aria-busy={pending} onClick={() => submit("now")}>
            {pending ? "Saving…" : "Change now"}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (preview.kind !== "same") void submit("now");
        }}
      >
        <InputField
          label="New capacity"
          type="number"
          inputMode="numeric"
          {...inputRange("capacity")}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setRefusal(null);
            setFieldError(undefined);
          }}
          error={fieldError}
          hint={`Licences bought; the pool allows ${pool.overagePercent}% overage beyond it.`}
          autoFocus
        />
        <CapacityPreviewPanel pool={pool} preview={preview} holdersHref={holdersHref} />
        <CapacityCost
          capacity={pool.capacity}
          nextCapacity={preview.kind === "invalid" ? null : preview.capacity}
          {...price}
        />
        <FormError
          message={refusal?.message}
          details={
            refusal?.showHolders ? (
              <HolderList holders={refusal.holders} href={holdersHref} model={pool.model} />
            ) : undefined
          }
        />
      </form>
    </Dialog>
  );
}

function HolderList({ holders, href, model }: { holders: Holder[]; href: string; model: PoolForPreview["model"] }) {
  return (
    <div className="space-y-1">
      {holders.length > 0 ? (
        <p>
          Held by {holders.map((h) => h.label).join(", ")}
          {holders.length >= 10 ? " and others" : ""}.
        </p>
      ) : null}
      <Link href={href} className="font-medium underline underline-offset-2">
        {model === "named" ? "See the users holding these seats" : "See the live sessions holding these seats"}
      </Link>
    </div>
  );
}
