"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { deleteProfileAction, renameProfileAction } from "@/app/(console)/profiles/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ProfileSummary } from "@/lib/console/profiles-queries";

/** Rename and delete of one profile. Deleting says where its members go (no profile, no licence). */
export function ProfileMenu({ organizationId, profile }: { organizationId: string; profile: ProfileSummary }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const form = useActionForm();
  const { pending, error, fieldErrors } = form;

  async function rename(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    const renamed = await form.run<unknown>(() => renameProfileAction({ organizationId, profileId: profile.id, name }));
    if (renamed === null) return;
    setRenaming(false);
    router.refresh();
  }

  const members = profile.members === 1 ? "Its 1 member moves" : `Its ${profile.members} members move`;
  return (
    <div className="flex gap-2">
      <Dialog
        open={renaming}
        onOpenChange={(open) => {
          if (pending) return;
          setRenaming(open);
          form.reset();
        }}
        trigger={
          <Button variant="secondary" className="py-1">
            Rename
          </Button>
        }
        title={`Rename ${profile.name}`}
        size="sm"
      >
        <form onSubmit={rename} className="space-y-4" noValidate>
          <InputField label="Name" name="name" defaultValue={profile.name} required error={fieldErrors.name} />
          <FormError message={error && !fieldErrors.name ? error : null} />
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              Save name
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" className="py-1 text-red-700">
            Delete
          </Button>
        }
        title={`Delete ${profile.name}?`}
        confirmLabel="Delete profile"
        onConfirm={async () => {
          const result = await deleteProfileAction({ organizationId, profileId: profile.id });
          if (!result.ok) return result.error;
          toast.success(`${profile.name} deleted.`);
          router.refresh();
        }}
      >
        {profile.members === 0
          ? "It has no members."
          : `${members} to no profile: they keep their login and hold no licence until you assign another profile.`}
      </ConfirmDialog>
    </div>
  );
}
