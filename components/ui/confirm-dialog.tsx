"use client";

import { useState, type ReactNode, type RefObject } from "react";
import { Button } from "./button";
import { Dialog, DialogClose } from "./dialog";
import { FormError } from "./form-error";
import { useActionForm } from "./use-action-form";

type ConfirmDialogProps = {
  /** The element that opens the confirmation. */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  /** The sentence saying exactly what will happen ("Deactivate 3 users?"). */
  children: ReactNode;
  confirmLabel: string;
  /** Danger (red) for destructive changes. */
  tone?: "danger" | "primary";
  /** Keeps the confirm button disabled (e.g. while a preview shows a shortage). */
  confirmDisabled?: boolean;
  /**
   * Runs the change. Answer null when it worked (the dialog closes) or the refusal sentence to
   * keep the dialog open and show it.
   */
  onConfirm: () => Promise<string | null | undefined | void>;
  /** Where focus goes after closing when the opener goes away with the change (a row's Revoke). */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

/** A question with Cancel and one (usually red) button; the refusal sentence stays in the dialog. */
export function ConfirmDialog({
  trigger,
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  tone = "danger",
  confirmDisabled = false,
  onConfirm,
  returnFocusTo,
}: ConfirmDialogProps) {
  const [innerOpen, setInnerOpen] = useState(false);
  const form = useActionForm();
  const { pending, error } = form;
  const isOpen = open ?? innerOpen;

  function setOpen(next: boolean) {
    if (pending) return;
    if (!next) form.reset();
    setInnerOpen(next);
    onOpenChange?.(next);
  }

  async function confirm() {
    const done = await form.run(async () => {
      const refusal = await onConfirm();
      return refusal ? { ok: false as const, error: refusal } : { ok: true as const, data: true };
    });
    if (done) {
      setInnerOpen(false);
      onOpenChange?.(false);
    }
  }

  return (
    <Dialog
      open={isOpen}
      onOpenChange={setOpen}
      trigger={trigger}
      title={title}
      size="sm"
      returnFocusTo={returnFocusTo}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant={tone} onClick={confirm} disabled={pending || confirmDisabled} aria-busy={pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-700">
        <div>{children}</div>
        <FormError message={error} />
      </div>
    </Dialog>
  );
}
