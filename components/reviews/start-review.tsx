"use client";

import { useRouter } from "next/navigation";
import { startAccessReviewAction } from "@/app/(console)/reviews/actions";
import { Button } from "@/components/ui/button";
import { DateField } from "@/components/ui/date-field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

/** Starts an access review of one named pool with a due date, then opens it. */
export function StartReview({
  organizationId,
  poolId,
  moduleName,
  defaultDue,
}: {
  organizationId: string;
  poolId: string;
  moduleName: string;
  /** yyyy-mm-dd, two weeks ahead. */
  defaultDue: string;
}) {
  const router = useRouter();
  const form = useActionForm();
  return (
    <form
      aria-label={`Access review of ${moduleName}`}
      className="mt-2 flex flex-wrap items-start gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const started = await form.run(() => startAccessReviewAction(data));
        if (started) router.push(`/reviews/${started.reviewId}?org=${organizationId}`);
      }}
    >
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="poolId" value={poolId} />
      <DateField
        name="dueAt"
        label="Review due by"
        defaultValue={defaultDue}
        required
        error={form.fieldErrors.dueAt}
        className="w-48"
      />
      {/* Level with the date field, not with the hint under it: the label's height above. */}
      <Button type="submit" variant="secondary" className="mt-6" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Starting…" : "Start access review"}
      </Button>
      <FormError message={form.fieldErrors.dueAt ? null : form.error} className="basis-full" />
    </form>
  );
}
