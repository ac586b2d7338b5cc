"use client";

import { useRef, useState, type RefObject } from "react";
import { toast } from "sonner";
import { createScimTokenAction, revokeScimTokenAction } from "@/app/(console)/directory/actions";
import { SecretOnceDialog } from "@/components/contract/secret-once-dialog";
import { TokenTable, type TokenRow } from "@/components/contract/token-table";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

/** The organization's SCIM tokens: one per directory connection, shown once, revocable. */
export function ScimTokensPanel({
  organizationId,
  tokens,
  canManage,
}: {
  organizationId: string;
  tokens: TokenRow[];
  canManage: boolean;
}) {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  async function revoke(tokenId: string) {
    const result = await revokeScimTokenAction({ organizationId, tokenId });
    if (!result.ok) return result.error;
    toast.success(result.message ?? "Revoked.");
    return null;
  }

  return (
    <Card>
      <CardHeader
        title="SCIM tokens"
        description="Your directory sends one as its secret token. Each token reaches this organization only."
        action={
          canManage ? (
            <CreateScimTokenDialog organizationId={organizationId} onCreated={setCreated} triggerRef={createButton} />
          ) : null
        }
      />
      <TokenTable
        tokens={tokens}
        what="SCIM token"
        emptyText={
          canManage
            ? "Create one for each directory that provisions users (e.g. “Entra ID”, “Okta”)."
            : "An owner or administrator creates SCIM tokens here."
        }
        onRevoke={canManage ? revoke : undefined}
      />
      <SecretOnceDialog
        secret={created?.secret ?? null}
        name={created?.name ?? ""}
        onClose={() => setCreated(null)}
        returnFocusTo={createButton}
      />
    </Card>
  );
}

function CreateScimTokenDialog({
  organizationId,
  onCreated,
  triggerRef,
}: {
  organizationId: string;
  onCreated: (created: { name: string; secret: string }) => void;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const form = useActionForm();
  const { pending, fieldErrors } = form;

  async function submit(data: FormData) {
    const created = await form.run(() =>
      createScimTokenAction({ organizationId, name: String(data.get("name") ?? "") }),
    );
    if (!created) return;
    setOpen(false);
    onCreated({ name: created.name, secret: created.secret });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        form.reset();
      }}
      trigger={<Button ref={triggerRef}>Create SCIM token</Button>}
      title="Create SCIM token"
      description="The secret is shown once, right after it is created. The name appears in the provisioning log."
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(new FormData(e.currentTarget));
        }}
      >
        <InputField
          label="Name"
          name="name"
          required
          maxLength={100}
          placeholder="e.g. Entra ID"
          error={fieldErrors.name}
          autoFocus
        />
        <FormError message={fieldErrors.name ? null : form.error} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
