"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { deleteUserAction, updateUserAction } from "@/app/(console)/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { UserFormDialog, type EditableUser } from "./user-form-dialog";

/**
 * The user page's buttons: edit, activate/deactivate, issue/revoke credentials, delete. A refused
 * quick change (a shortage of seats) stays under the buttons as its sentence, with focus on it.
 */
export function UserQuickActions({
  organizationId,
  profiles,
  user,
}: {
  organizationId: string;
  profiles: { id: string; name: string }[];
  user: EditableUser;
}) {
  const router = useRouter();
  const form = useActionForm();
  const { pending } = form;

  async function quick(patch: { status?: "active" | "inactive"; credentials?: "issued" | "revoked" }, done: string) {
    const saved = await form.run(async () => {
      const result = await updateUserAction({ organizationId, userId: user.id, ...patch });
      return result.ok ? { ...result, message: done } : result;
    });
    if (saved !== null) router.refresh();
  }

  return (
    <div data-action-form className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <UserFormDialog
          organizationId={organizationId}
          profiles={profiles}
          user={user}
          trigger={<Button variant="secondary">Edit</Button>}
        />
        {user.status === "active" ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => quick({ status: "inactive" }, "User deactivated.")}
          >
            Deactivate
          </Button>
        ) : (
          <Button variant="secondary" disabled={pending} onClick={() => quick({ status: "active" }, "User activated.")}>
            Activate
          </Button>
        )}
        {user.credentials === "issued" ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => quick({ credentials: "revoked" }, "Credentials revoked.")}
          >
            Revoke credentials
          </Button>
        ) : (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => quick({ credentials: "issued" }, "Credentials issued.")}
          >
            Issue credentials
          </Button>
        )}
        <ConfirmDialog
          trigger={<Button variant="danger">Delete</Button>}
          title={`Delete ${user.username}?`}
          confirmLabel="Delete user"
          onConfirm={async () => {
            const result = await deleteUserAction({ organizationId, userId: user.id });
            if (!result.ok) return result.error;
            toast.success(`${user.username} deleted.`);
            router.push(`/users`);
          }}
        >
          {user.username} is removed for good and any seats they hold are freed.
        </ConfirmDialog>
      </div>
      <FormError message={form.error} className="max-w-md" />
    </div>
  );
}
