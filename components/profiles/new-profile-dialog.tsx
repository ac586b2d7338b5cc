"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { createProfileAction } from "@/app/(console)/profiles/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { CheckboxField, InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { CatalogueModule } from "@/lib/console/profiles-queries";

/** A new profile starts without members, so it takes no seats whatever it grants. */
export function NewProfileDialog({ organizationId, modules }: { organizationId: string; modules: CatalogueModule[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    const result = await createProfileAction({
      organizationId,
      name: String(form.get("name") ?? ""),
      modules: form.getAll("modules").map(String),
    });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
      return;
    }
    toast.success("Profile created.");
    setOpen(false);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
        setFieldErrors({});
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
