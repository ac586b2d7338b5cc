"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { createUserAction, updateUserAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { DateField } from "@/components/ui/date-field";
import { useActionForm } from "@/components/ui/use-action-form";

export type EditableUser = {
  id: string;
  username: string;
  email: string;
  profileId: string | null;
  status: "active" | "inactive";
  credentials: "issued" | "none" | "revoked";
  validTo: string | null;
  /** The manager's username (null: none). */
  managerName?: string | null;
};

type Props = {
  organizationId: string;
  profiles: { id: string; name: string }[];
  /** The user to edit; without it the dialog creates one. */
  user?: EditableUser;
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
};

/** Create or edit a user; refusals (a shortage of seats, a taken username) show as sentences, field errors under their fields. */
export function UserFormDialog({ organizationId, profiles, user, trigger, open, onOpenChange }: Props) {
  const router = useRouter();
  const [innerOpen, setInnerOpen] = useState(false);
  const form = useActionForm();
  const { pending, error, fieldErrors } = form;
  const isOpen = open ?? innerOpen;
  const setOpen = (next: boolean) => {
    if (pending) return;
    setInnerOpen(next);
    onOpenChange?.(next);
    if (!next) form.reset();
  };

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (name: string) => String(data.get(name) ?? "");
    const fields = {
      organizationId,
      email: value("email"),
      profileId: value("profileId"),
      status: value("status"),
      credentials: value("credentials"),
      validTo: value("validTo"),
      manager: value("manager"),
    };
    const saved = await form.run<unknown>(() =>
      user
        ? updateUserAction({ ...fields, userId: user.id })
        : createUserAction({ ...fields, username: value("username") }),
    );
    if (saved === null) return;
    setInnerOpen(false);
    onOpenChange?.(false);
    router.refresh();
  }

  return (
    <Dialog
      open={isOpen}
      onOpenChange={setOpen}
      trigger={trigger}
      title={user ? `Edit ${user.username}` : "New user"}
      description="A user holds a seat in each module their profile grants while active, with credentials issued and not past valid-to."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        {user ? (
          <p className="text-sm text-slate-600">
            Username <span className="font-medium text-slate-900">{user.username}</span> (usernames don&apos;t change)
          </p>
        ) : (
          <InputField label="Username" name="username" autoComplete="off" required error={fieldErrors.username} />
        )}
        <InputField
          label="Email"
          name="email"
          type="email"
          defaultValue={user?.email}
          required
          error={fieldErrors.email}
        />
        <SelectField
          label="Profile"
          name="profileId"
          defaultValue={user?.profileId ?? ""}
          error={fieldErrors.profileId}
        >
          <option value="">No profile (holds no licence)</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Status" name="status" defaultValue={user?.status ?? "active"} error={fieldErrors.status}>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </SelectField>
          <SelectField
            label="Credentials"
            name="credentials"
            defaultValue={user?.credentials ?? "none"}
            error={fieldErrors.credentials}
          >
            <option value="none">None</option>
            <option value="issued">Issued</option>
            {user ? <option value="revoked">Revoked</option> : null}
          </SelectField>
        </div>
        <InputField
          label="Manager"
          name="manager"
          autoComplete="off"
          defaultValue={user?.managerName ?? ""}
          hint="The username of another user of this organization, who decides this user's access reviews; leave empty for none."
          error={fieldErrors.manager}
        />
        <DateField
          label="Valid to"
          name="validTo"

          defaultValue={user?.validTo ?? ""}
          hint="Last day the user may log in; leave empty for no end."
          error={fieldErrors.validTo}
        />
        <FormError message={fieldErrors.username || fieldErrors.manager ? null : error} />
        <div className="flex justify-end gap-2 pt-2">
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : user ? "Save user" : "Create user"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
