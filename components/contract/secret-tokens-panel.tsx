"use client";

import { useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ActionResult } from "@/lib/console/action";
import { SecretOnceDialog } from "./secret-once-dialog";
import { TokenTable, type TokenRow } from "./token-table";

type Created = { name: string; secret: string };

/**
 * A card of secret tokens (contract API keys, SCIM tokens): the list, a Create dialog whose
 * secret is then shown once, and Revoke with a confirmation. Focus goes back to the Create button
 * when the secret is closed; the table's confirmation returns it to the row. What differs between
 * the kinds of token are the words, the create and revoke calls and any extra field.
 */
export function SecretTokensPanel({
  title,
  description,
  what,
  tokens,
  emptyText,
  canCreate,
  canRevoke,
  create,
  revoke,
  dialogDescription,
  placeholder,
  extraFields,
}: {
  title: string;
  description: string;
  /** "API key", "SCIM token": for the buttons and the sentences. */
  what: string;
  tokens: TokenRow[];
  emptyText: string;
  canCreate: boolean;
  canRevoke: boolean;
  /** Creates a token from the dialog's fields (`name` and any in `extraFields`). */
  create: (data: FormData) => Promise<ActionResult<Created>>;
  revoke: (tokenId: string) => Promise<ActionResult<unknown>>;
  dialogDescription: string;
  placeholder: string;
  extraFields?: ReactNode;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  async function revokeOne(tokenId: string) {
    const result = await revoke(tokenId);
    if (!result.ok) return result.error;
    toast.success(result.message ?? "Revoked.");
    return null;
  }

  return (
    <Card>
      <CardHeader
        title={title}
        description={description}
        action={
          canCreate ? (
            <CreateTokenDialog
              what={what}
              description={dialogDescription}
              placeholder={placeholder}
              create={create}
              onCreated={setCreated}
              triggerRef={createButton}
              extraFields={extraFields}
            />
          ) : null
        }
      />
      <TokenTable tokens={tokens} what={what} emptyText={emptyText} onRevoke={canRevoke ? revokeOne : undefined} />
      <SecretOnceDialog
        secret={created?.secret ?? null}
        name={created?.name ?? ""}
        onClose={() => setCreated(null)}
        returnFocusTo={createButton}
      />
    </Card>
  );
}

function CreateTokenDialog({
  what,
  description,
  placeholder,
  create,
  onCreated,
  triggerRef,
  extraFields,
}: {
  what: string;
  description: string;
  placeholder: string;
  create: (data: FormData) => Promise<ActionResult<Created>>;
  onCreated: (created: Created) => void;
  triggerRef: React.RefObject<HTMLButtonElement | null>;
  extraFields?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const form = useActionForm();
  const { pending, fieldErrors } = form;

  async function submit(data: FormData) {
    const created = await form.run(() => create(data));
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
      trigger={
        <Button ref={triggerRef} className="whitespace-nowrap">
          Create {what}
        </Button>
      }
      title={`Create ${what}`}
      description={description}
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
          placeholder={placeholder}
          error={fieldErrors.name}
          autoFocus
        />
        {extraFields}
        <FormError message={fieldErrors.name ? null : form.error} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Creating…" : `Create ${what.split(" ").at(-1)}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
