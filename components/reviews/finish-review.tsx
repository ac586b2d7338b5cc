"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import {
  acceptReviewDecreaseAction,
  finishAccessReviewAction,
  previewAccessReviewFinishAction,
} from "@/app/(console)/reviews/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { BulkImpact } from "@/lib/licensing/bulk-preview";

type Review = { organizationId: string; reviewId: string };
type Preview = { removals: number; impact: BulkImpact[] };

const users = (n: number) => `${n} ${n === 1 ? "user" : "users"}`;

/** "Finish review": the licence impact of the removals first (the bulk change's preview), then one change. */
export function FinishReview({ organizationId, reviewId }: Review) {
  const router = useRouter();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  return (
    <ConfirmDialog
      trigger={<Button>Finish review</Button>}
      title="Finish the access review?"
      confirmLabel="Finish and revoke"
      confirmDisabled={preview === null}
      onOpenChange={(open) => {
        if (!open) return;
        setPreview(null);
        setPreviewError(null);
        void previewAccessReviewFinishAction({ organizationId, reviewId }).then((result) =>
          result.ok ? setPreview(result.data) : setPreviewError(result.error),
        );
      }}
      onConfirm={async () => {
        const result = await finishAccessReviewAction({ organizationId, reviewId });
        if (!result.ok) return result.error;
        if (result.message) toast.success(result.message);
        router.refresh();
        return null;
      }}
    >
      {preview === null ? (
        previewError ? (
          <FormError message={previewError} />
        ) : (
          <p aria-live="polite">Counting the licences this frees…</p>
        )
      ) : (
        <div data-testid="review-preview" className="space-y-2">
          <p>
            {preview.removals === 0
              ? "Nobody is marked remove: every listed user keeps their seat."
              : `The credentials of ${users(preview.removals)} marked remove are revoked in one change. Users not marked keep their seats.`}
          </p>
          {preview.impact.length ? (
            <ul className="list-disc pl-5">
              {preview.impact.map((i) => (
                <li key={i.module}>
                  {i.moduleName}: frees {-i.needed} {-i.needed === 1 ? "licence" : "licences"}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </ConfirmDialog>
  );
}

/** The finished review's offer to the owner: one click schedules the matching decrease for renewal. */
export function AcceptDecrease({
  organizationId,
  reviewId,
  capacity,
  offeredCapacity,
  renewal,
}: Review & { capacity: number; offeredCapacity: number; renewal: string }) {
  const router = useRouter();
  const form = useActionForm();
  return (
    <div data-action-form className="space-y-2">
      <p className="text-sm text-slate-700">
        {`The pool has ${capacity} licences. Schedule its decrease to ${offeredCapacity} for the renewal on ${renewal}?`}
      </p>
      <Button
        disabled={form.pending}
        aria-busy={form.pending}
        onClick={async () => {
          if (await form.run(() => acceptReviewDecreaseAction({ organizationId, reviewId }))) router.refresh();
        }}
      >
        {`Schedule the decrease to ${offeredCapacity}`}
      </Button>
      <FormError message={form.error} />
    </div>
  );
}

/**
 * The finished review's outcome. It replaces the "Finish review" button the dialog returned focus
 * to, so when it arrives with focus nowhere, focus comes here rather than staying on <body>.
 */
export function ReviewOutcome({ children }: { children: ReactNode }) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) region.current?.focus();
  }, []);
  return (
    <div ref={region} tabIndex={-1} className="space-y-3 focus:outline-none" data-testid="review-outcome">
      {children}
    </div>
  );
}
