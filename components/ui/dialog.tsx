"use client";

import { Dialog as RadixDialog } from "radix-ui";
import type { ReactNode, RefObject } from "react";
import { cx } from "./cx";

type DialogProps = {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The element that opens the dialog (rendered through Radix's Trigger with asChild). */
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row at the bottom (Cancel/Confirm…). */
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
  /** Where focus goes when the dialog closes, when that is not the element that opened it. */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

/**
 * Focus after closing: the given element, else Radix's default (the opener). When the opener is
 * gone (the dialog was opened by code, or its button went away with the change), the page's
 * content gets focus instead of the body.
 */
function closeAutoFocus(returnFocusTo: RefObject<HTMLElement | null> | undefined) {
  return (event: Event) => {
    const target = returnFocusTo?.current;
    if (target?.isConnected) {
      event.preventDefault();
      target.focus();
      return;
    }
    setTimeout(() => {
      if (document.activeElement === document.body || document.activeElement === null)
        document.getElementById("main")?.focus();
    }, 0);
  };
}

const widths = { sm: "max-w-md", md: "max-w-lg", lg: "max-w-3xl" } as const;

/**
 * Modal dialog on Radix: focus is trapped inside and returns to the trigger on close, Escape and
 * a click on the backdrop close it, and the title/description are wired to aria-labelledby and
 * aria-describedby.
 */
export function Dialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  footer,
  size = "md",
  returnFocusTo,
}: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content
          className={cx(
            "fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white shadow-xl focus:outline-none",
            widths[size],
          )}
          onCloseAutoFocus={closeAutoFocus(returnFocusTo)}
          // Without a description Radix warns; undefined tells it there is none on purpose.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="border-b border-slate-100 px-5 py-4">
            <RadixDialog.Title className="text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
            {description ? (
              <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
            ) : null}
          </div>
          {children ? <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div> : null}
          {footer ? (
            <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 px-5 py-3">{footer}</div>
          ) : null}
          <RadixDialog.Close
            className="absolute top-3 right-3 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
            aria-label="Close"
          >
            <span aria-hidden="true">×</span>
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** A button that closes the surrounding dialog (for Cancel). */
export const DialogClose = RadixDialog.Close;
