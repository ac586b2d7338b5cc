"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import type { StepState } from "../verify/actions";
import { finishEnrolmentAction } from "./actions";

export function FinishEnrolmentForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, isPending] = useActionState<StepState, FormData>(finishEnrolmentAction, {});
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <Button type="submit" disabled={isPending}>
        {isPending ? "Signing in…" : "Continue to the console"}
      </Button>
    </form>
  );
}
