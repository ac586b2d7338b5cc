"use client";

import { useState } from "react";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { FocusedMessage } from "./focused-message";

/** Asks for a reset link; the answer replaces the form and takes focus. */
export function ForgotPasswordForm() {
  const form = useActionForm();
  const [answer, setAnswer] = useState<string | null>(null);
  if (answer) return <FocusedMessage message={answer} />;
  return (
    <form
      aria-label="Ask for a reset link"
      className="space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const result = await form.run(() => forgotPasswordAction({ email: String(data.get("email") ?? "") }));
        if (result) setAnswer(result.message);
      }}
    >
      <InputField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        autoFocus
        required
        error={form.fieldErrors.email}
      />
      <FormError message={form.fieldErrors.email ? null : form.error} />
      <Button type="submit" className="w-full" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
