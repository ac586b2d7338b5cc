"use client";

import { upsertModuleAction } from "@/app/(console)/catalogue/actions";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

export function CreateModuleForm() {
  const form = useActionForm();
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
      aria-label="Add module"
      onSubmit={async (e) => {
        e.preventDefault();
        const el = e.currentTarget;
        const data = new FormData(el);
        if (
          await form.run(() =>
            upsertModuleAction({ key: String(data.get("key") ?? ""), name: String(data.get("name") ?? "") }),
          )
        )
          el.reset();
      }}
    >
      <InputField label="Key" name="key" required placeholder="case-management" error={form.fieldErrors.key} />
      <InputField label="Name" name="name" required placeholder="Case Management" error={form.fieldErrors.name} />
      <Button type="submit" className="sm:mt-6" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Adding…" : "Add module"}
      </Button>
      <FormError
        message={form.fieldErrors.key || form.fieldErrors.name ? null : form.error}
        className="sm:col-span-3"
      />
    </form>
  );
}
