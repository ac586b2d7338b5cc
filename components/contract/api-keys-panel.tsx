"use client";

import { useRef, useState, type RefObject } from "react";
import { toast } from "sonner";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(console)/contract/actions";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { SecretOnceDialog } from "./secret-once-dialog";
import { TokenTable, type TokenRow } from "./token-table";

type ContractChoice = { id: string; label: string };

/** The contract API keys of the organization; owners and operators create and revoke them. */
export function ApiKeysPanel({
  organizationId,
  contracts,
  keys,
  canManage,
}: {
  organizationId: string;
  contracts: ContractChoice[];
  keys: (TokenRow & { contractId: string | null })[];
  canManage: boolean;
}) {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const contractLabel = new Map(contracts.map((c) => [c.id, c.label]));

  async function revoke(tokenId: string) {
    const result = await revokeApiKeyAction({ organizationId, tokenId });
    if (!result.ok) return result.error;
    toast.success(result.message ?? "Revoked.");
    return null;
  }

  return (
    <Card>
      <CardHeader
        title="API keys"
        description="Licensed applications authenticate to the client API with a contract API key."
        action={
          canManage && contracts.length > 0 ? (
            <CreateApiKeyDialog
              organizationId={organizationId}
              contracts={contracts}
              onCreated={setCreated}
              triggerRef={createButton}
            />
          ) : null
        }
      />
      <TokenTable
        tokens={keys.map((k) => ({
          ...k,
          name:
            contracts.length > 1 && k.contractId
              ? `${k.name} (${contractLabel.get(k.contractId) ?? "contract"})`
              : k.name,
        }))}
        what="API key"
        emptyText={
          canManage
            ? "Create one for each application or site that calls the client API."
            : "The contract owner creates API keys here."
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

function CreateApiKeyDialog({
  organizationId,
  contracts,
  onCreated,
  triggerRef,
}: {
  organizationId: string;
  contracts: ContractChoice[];
  onCreated: (created: { name: string; secret: string }) => void;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const form = useActionForm();
  const { pending, fieldErrors } = form;

  async function submit(data: FormData) {
    const created = await form.run(() =>
      createApiKeyAction({
        organizationId,
        contractId: String(data.get("contractId")),
        name: String(data.get("name") ?? ""),
      }),
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
      trigger={<Button ref={triggerRef}>Create API key</Button>}
      title="Create API key"
      description="The secret is shown once, right after it is created."
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
          placeholder="e.g. Reception desktops"
          error={fieldErrors.name}
          autoFocus
        />
        {contracts.length > 1 ? (
          <SelectField label="Contract" name="contractId" defaultValue={contracts[0]!.id}>
            {contracts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </SelectField>
        ) : (
          <input type="hidden" name="contractId" value={contracts[0]!.id} />
        )}
        <FormError message={fieldErrors.name ? null : form.error} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Creating…" : "Create key"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
