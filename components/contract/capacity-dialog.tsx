"use client";

import Link from "next/link";
import { useState } from "react";
import { changeCapacityAction, scheduleDecreaseAction } from "@/app/(console)/contract/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { useSettledDialog } from "@/components/ui/use-settled-dialog";
import { formatDate } from "@/lib/console/format";
import type { Over } from "@/lib/licensing/holdings";
import { inputRange } from "@/lib/validation/bounds";
import { belowUseSentence, boundsText, overSentence, previewCapacity, type PoolForPreview } from "./capacity-preview";
import { CapacityCost } from "./capacity-cost";
import { CapacityPreviewPanel } from "./capacity-preview-panel";

type Holder = { type: "user" | "session"; id: string; label: string };

export type CapacityDialogProps = {
  /** The id of the button that opens the dialog (other controls of the row return focus to it). */
  triggerId?: string;
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

/** Changes a pool's capacity now, or schedules a decrease for renewal, with a live preview. */
export function CapacityDialog({
  triggerId,
  organizationId,
  contractId,
  renewsAt,
  pool,
  holdersHref,
  price,
}: CapacityDialogProps) {
  const [value, setValue] = useState(String(pool.capacity));
  const [holders, setHolders] = useState<Holder[] | null>(null);
  const form = useActionForm();
  const { pending } = form;
  const preview = previewCapacity(pool, value);

  const { open, onOpenChange, settle } = useSettledDialog(pending, () => {
    setValue(String(pool.capacity));
    setHolders(null);
    form.reset();
  });

  async function submit(when: "now" | "renewal") {
    setHolders(null);
    if (preview.kind === "invalid") return form.refuse(preview.message, { capacity: [preview.message] });
    const input = { organizationId, contractId, module: pool.module, capacity: preview.capacity };
    const done = await form.run(
      () => (when === "now" ? changeCapacityAction(input) : scheduleDecreaseAction(input)),
      (refusal) => {
        if (refusal.code !== "CAPACITY_BELOW_USAGE") return refusal.error;
        const inUse = Number(refusal.details?.inUse ?? pool.inUse);
        const over = Array.isArray(refusal.details?.holdings) ? (refusal.details.holdings as Over[]) : [];
        setHolders(Array.isArray(refusal.details?.holders) ? (refusal.details.holders as Holder[]) : []);
        return over.length ? overSentence(over) : belowUseSentence(inUse, preview.capacity);
      },
    );
    settle(done);
  }

  const inBounds = preview.kind !== "invalid" && preview.isWithinBounds;
  // Below what is in use, "Change now" would only be refused (rule 4): scheduling for renewal
  // becomes the way forward. Outside the bounds neither is offered; the server's sentence says why.
  const short = preview.kind === "decrease" && preview.over.length > 0;
  const canSchedule = renewsAt !== null && preview.kind === "decrease" && inBounds;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button
          id={triggerId}
          variant="secondary"
          className="px-2 py-1 text-xs"
          aria-label={`Change capacity of ${pool.moduleName}`}
        >
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
            <Button variant={short ? "primary" : "secondary"} disabled={pending} onClick={() => submit("renewal")}>
              Schedule for renewal ({formatDate(new Date(renewsAt))})
            </Button>
          ) : null}
          <Button
            variant={short ? "secondary" : "primary"}
            disabled={pending || preview.kind === "same" || short}
            aria-busy={pending}
            onClick={() => submit("now")}
          >
            {pending ? "Saving…" : "Change now"}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (preview.kind !== "same" && !short) void submit("now");
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
            setHolders(null);
            form.reset();
          }}
          error={form.fieldErrors.capacity}
          hint={`Licences bought; the pool allows ${pool.overagePercent}% overage beyond it.`}
          autoFocus
        />
        <CapacityPreviewPanel pool={pool} preview={preview} holdersHref={holdersHref} />
        {inBounds || preview.kind === "invalid" ? (
          <CapacityCost capacity={pool.capacity} nextCapacity={inBounds ? preview.capacity : null} {...price} />
        ) : null}
        <FormError
          message={form.fieldErrors.capacity ? null : form.error}
          details={holders ? <HolderList holders={holders} href={holdersHref} model={pool.model} /> : undefined}
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
