"use client";

import { useState } from "react";
import { decideAccessReviewAction } from "@/app/(console)/reviews/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

type Decision = "keep" | "remove";

/** Keep or remove for one listed user: saved as soon as it is chosen; read-only once the review finished. */
export function ReviewDecision({
  organizationId,
  reviewId,
  userId,
  username,
  decision,
  open,
}: {
  organizationId: string;
  reviewId: string;
  userId: string;
  username: string;
  decision: Decision | null;
  open: boolean;
}) {
  const [value, setValue] = useState<Decision | null>(decision);
  const form = useActionForm();
  const choose = async (next: Decision) => {
    const was = value;
    setValue(next);
    const saved = await form.run(() => decideAccessReviewAction({ organizationId, reviewId, userId, decision: next }));
    if (!saved) setValue(was);
  };
  return (
    <fieldset data-action-form aria-busy={form.pending} className="flex flex-wrap items-center gap-3" disabled={!open}>
      <legend className="sr-only">{`Decision for ${username}`}</legend>
      {(["keep", "remove"] as const).map((d) => (
        <label key={d} className="inline-flex items-center gap-1 text-sm text-slate-800">
          <input
            type="radio"
            name={`decision-${userId}`}
            value={d}
            checked={value === d}
            onChange={() => void choose(d)}
          />
          {d === "keep" ? "Keep" : "Remove"}
        </label>
      ))}
      <FormError message={form.error} className="basis-full" />
    </fieldset>
  );
}
