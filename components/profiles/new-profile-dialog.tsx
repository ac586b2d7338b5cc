"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createProfileAction } from "@/app/(console)/profiles/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { CheckboxField, InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { CatalogueModule } from "@/lib/console/profiles-queries";

/** A new profile starts without members, so it takes no seats whatever it grants. */
export function NewProfileDialog({ organizationId, modules }: { organizationId: string; modules: CatalogueModule[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useActionForm();
  const { pending, error, fieldErrors } = form;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const created = await form.run<unknown>(() =>
      createProfileAction({
        organizationId,
        name: String(data.get("name") ?? ""),
        modules: data.getAll("modules").map(String),
      }),
    );
    if (created === null) return;
    setOpen(false);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        form.reset();
      }}
      trigger={<Button>New profile</Button>}
      title="New profile"
      description="A named set of modules. Without modules, members keep their login and hold no licence."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <InputField label="Name" name="name" required autoComplete="off" error={fieldErrors.name} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Modules granted</legend>
          {modules.map((m) => (
            <CheckboxField key={m.key} label={m.name} name="modules" value={m.key} />
          ))}
        </fieldset>
        <FormError message={error && !fieldErrors.name ? error : null} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button type="submit" disabled={pending}>
            Create profile
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
