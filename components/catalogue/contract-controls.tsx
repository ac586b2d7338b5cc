"use client";

import { toast } from "sonner";
import { updateContractAction } from "@/app/(console)/organizations/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { DateField } from "@/components/ui/date-field";

type Contract = {
  id: string;
  label: string;
  status: "active" | "upcoming" | "suspended" | "expired";
  /** The last day the contract is in force (YYYY-MM-DD, inclusive, in its organization's zone). */
  lastDay: string | null;
};

/** Operator controls of one contract: suspend or resume, and its end date. */
export function ContractControls({ organizationId, contract }: { organizationId: string; contract: Contract }) {
  const endDate = useActionForm();

  async function setStatus(status: "active" | "suspended") {
    const result = await updateContractAction({ organizationId, contractId: contract.id, status });
    if (!result.ok) return result.error;
    const ended = result.data.sessionsEnded;
    toast.success(
      status === "suspended"
        ? `Contract suspended${ended ? `; ${ended} live session${ended === 1 ? "" : "s"} ended` : ""}.`
        : "Contract resumed.",
    );
    return null;
  }

  return (
    <div className="flex flex-wrap items-start gap-4">
      {contract.status === "active" || contract.status === "upcoming" ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" className="mt-6" aria-label={`Suspend ${contract.label}`}>
              Suspend
            </Button>
          }
          title={`Suspend ${contract.label}?`}
          confirmLabel="Suspend contract"
          onConfirm={() => setStatus("suspended")}
        >
          Every new session, activation and API connect is refused with CONTRACT_INACTIVE, and its live sessions end
          now. You can resume it later.
        </ConfirmDialog>
      ) : contract.status === "suspended" ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" className="mt-6" aria-label={`Resume ${contract.label}`}>
              Resume
            </Button>
          }
          title={`Resume ${contract.label}?`}
          confirmLabel="Resume contract"
          tone="primary"
          onConfirm={() => setStatus("active")}
        >
          Its pools accept sessions and activations again.
        </ConfirmDialog>
      ) : null}
      <form
        className="flex flex-wrap items-start gap-2"
        aria-label={`End date of ${contract.label}`}
        onSubmit={async (e) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get("endsAt") ?? "");
          await endDate.run(() => updateContractAction({ organizationId, contractId: contract.id, endsAt: value }));
        }}
      >
        <DateField
          label="End date"
          name="endsAt"
          distance
          defaultValue={contract.lastDay ?? ""}
          hint="Empty = perpetual."
          error={endDate.fieldErrors.endsAt}
        />
        <Button type="submit" variant="secondary" className="mt-6" disabled={endDate.pending}>
          {endDate.pending ? "Saving…" : "Set end date"}
        </Button>
        <FormError message={endDate.fieldErrors.endsAt ? null : endDate.error} className="w-full" />
      </form>
    </div>
  );
}
