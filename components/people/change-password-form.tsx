"use client";

import { changePasswordAction } from "@/app/(console)/account/actions";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";

/** Current password, new password twice; success signs the other browsers out. */
export function ChangePasswordForm({ email }: { email: string }) {
  const form = useActionForm();
  const fieldError = form.fieldErrors.currentPassword || form.fieldErrors.newPassword || form.fieldErrors.confirm;
  return (
    <form
      aria-label="Change password"
      className="max-w-md space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        await form.run(() =>
          changePasswordAction({
            currentPassword: String(data.get("currentPassword") ?? ""),
            newPassword: String(data.get("newPassword") ?? ""),
            confirm: String(data.get("confirm") ?? ""),
          }),
        );
      }}
    >
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <InputField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={form.fieldErrors.currentPassword}
      />
      <InputField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters; a few unrelated words work well."
        error={form.fieldErrors.newPassword}
      />
      <InputField
        label="Repeat the new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        error={form.fieldErrors.confirm}
      />
      <FormError message={fieldError ? null : form.error} />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
