"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { revokeBorrowAction } from "@/app/(console)/sessions/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Revokes one borrowed seat after a confirmation; the refusal sentence stays in the dialog. */
export function RevokeBorrowButton({
  organizationId,
  borrowId,
  label,
}: {
  organizationId: string;
  borrowId: string;
  /** Who holds it, for the button's name and the question: "ada on LAPTOP-7 (Case management)". */
  label: string;
}) {
  const router = useRouter();
  async function revoke() {
    const result = await revokeBorrowAction({ organizationId, borrowId });
    if (!result.ok) return result.error;
    toast.success(result.data.revoked ? (result.message ?? "Borrow revoked.") : "That borrow had already ended.");
    router.refresh();
    return null;
  }
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" className="px-2 py-1 text-xs text-red-700" aria-label={`Revoke borrow of ${label}`}>
          Revoke
        </Button>
      }
      title="Revoke this borrowed seat?"
      confirmLabel="Revoke borrow"
      onConfirm={revoke}
    >
      The seat borrowed by {label} returns to the pool at once. The device&apos;s offline lease stays valid until it
      expires, so the application may keep running until then.
    </ConfirmDialog>
  );
}
