"use client";

import { toast } from "sonner";
import { revokeDeviceAction } from "@/app/(console)/devices/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDateTime } from "@/lib/console/format";

/** Revokes one activation after a confirmation; the device stops holding a licence at once. */
export function RevokeDeviceButton({
  organizationId,
  activationId,
  deviceLabel,
  offlineLeaseEnds = null,
}: {
  organizationId: string;
  activationId: string;
  deviceLabel: string;
  /** For a device activated offline: it keeps working until its licence file's lease ends. */
  offlineLeaseEnds?: Date | null;
}) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" className="px-2 py-1 text-xs text-red-700" aria-label={`Revoke ${deviceLabel}`}>
          Revoke
        </Button>
      }
      title={`Revoke ${deviceLabel}?`}
      confirmLabel="Revoke device"
      onConfirm={async () => {
        const result = await revokeDeviceAction({ organizationId, activationId });
        if (!result.ok) return result.error;
        toast.success(result.data.revoked ? (result.message ?? "Device revoked.") : "That device was already revoked.");
        return null;
      }}
    >
      Its activation frees a licence at once; its offline lease is no longer refreshed, so the device must activate
      again to work.
      {offlineLeaseEnds
        ? ` This device is offline: without its release receipt it keeps working until its licence file's lease ends (${formatDateTime(offlineLeaseEnds)}), and its renewals are refused.`
        : null}
    </ConfirmDialog>
  );
}
