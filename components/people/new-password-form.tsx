"use client";

import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/console/action";

/**
 * Choose a password (twice), for an invitation or a reset link. The action signs the person in
 * and moves on when it works; a refusal (the policy's sentence) lands on its field.
 */
export function NewPasswordForm({
  email,
  submitLabel,
  action,
}: {
  email: string;
  submitLabel: string;
  action: (input: { password: string; confirm: string }) => Promise<ActionResult>;
}) {
  const form = useActionForm();
  return (
    <form
      aria-label={submitLabel}
      className="space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        await form.run(() =>
          action({ password: String(data.get("password") ?? ""), confirm: String(data.get("confirm") ?? "") }),
        );
      }}
    >
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <InputField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        autoFocus
        required
        hint="At least 12 characters; a few unrelated words work well."
        error={form.fieldErrors.password}
      />
      <InputField
        label="Repeat the password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={form.fieldErrors.confirm}
      />
      <FormError message={form.fieldErrors.password || form.fieldErrors.confirm ? null : form.error} />
      <Button type="submit" className="w-full" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}
