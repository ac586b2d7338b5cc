"use client";

import { DropdownMenu } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { deleteUserAction, updateUserAction } from "@/app/(console)/users/actions";
import { buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { UserFormDialog, type EditableUser } from "./user-form-dialog";

type Props = {
  organizationId: string;
  profiles: { id: string; name: string }[];
  user: EditableUser;
  onDeleted?: () => void;
};

const item =
  "cursor-pointer rounded px-3 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900";

/** One user's changes in a keyboard-usable menu: edit, the quick status and credential switches, delete. */
export function UserActions({ organizationId, profiles, user, onDeleted }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  async function quick(patch: { status?: "active" | "inactive"; credentials?: "issued" | "revoked" }, done: string) {
    const result = await updateUserAction({ organizationId, userId: user.id, ...patch });
    if (!result.ok) return toast.error(result.error);
    toast.success(done);
    router.refresh();
  }

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className={buttonClass("ghost", "px-2 py-1")} aria-label={`Actions for ${user.username}`}>
          <span aria-hidden="true">⋯</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-30 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Item className={item} onSelect={() => setEditing(true)}>
              Edit…
            </DropdownMenu.Item>
            {user.status === "active" ? (
              <DropdownMenu.Item
                className={item}
                onSelect={() => quick({ status: "inactive" }, `${user.username} deactivated.`)}
              >
                Deactivate
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item
                className={item}
                onSelect={() => quick({ status: "active" }, `${user.username} activated.`)}
              >
                Activate
              </DropdownMenu.Item>
            )}
            {user.credentials === "issued" ? (
              <DropdownMenu.Item
                className={item}
                onSelect={() => quick({ credentials: "revoked" }, `Credentials of ${user.username} revoked.`)}
              >
                Revoke credentials
              </DropdownMenu.Item>
            ) : (
              <DropdownMenu.Item
                className={item}
                onSelect={() => quick({ credentials: "issued" }, `Credentials issued to ${user.username}.`)}
              >
                Issue credentials
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            <DropdownMenu.Item
              className={`${item} text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800`}
              onSelect={() => setDeleting(true)}
            >
              Delete…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <UserFormDialog
        organizationId={organizationId}
        profiles={profiles}
        user={user}
        open={editing}
        onOpenChange={setEditing}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${user.username}?`}
        confirmLabel="Delete user"
        onConfirm={async () => {
          const result = await deleteUserAction({ organizationId, userId: user.id });
          if (!result.ok) return result.error;
          toast.success(`${user.username} deleted.`);
          onDeleted?.();
          router.refresh();
        }}
      >
        {user.username} is removed for good and any seats they hold are freed. Their past sessions and devices stay in
        the history without a name.
      </ConfirmDialog>
    </>
  );
}
