"use client";

import { useState } from "react";
import { toast } from "sonner";
import { createOperatorTokenAction, revokeOperatorTokenAction } from "@/app/(console)/catalogue/actions";
import { SecretOnceDialog } from "@/components/contract/secret-once-dialog";
import { TokenTable, type TokenRow } from "@/components/contract/token-table";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

/** Operator tokens for the management API: create (secret shown once), list, revoke. */
export function OperatorTokensPanel({ tokens, canManage }: { tokens: TokenRow[]; canManage: boolean }) {
  const form = useActionForm();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  async function revoke(tokenId: string) {
    const result = await revokeOperatorTokenAction({ tokenId });
    if (!result.ok) return result.error;
    toast.success(result.message ?? "Revoked.");
    return null;
  }

  return (
    <>
      {canManage ? (
        <form
          className="flex flex-wrap items-start gap-3 border-b border-slate-100 px-5 py-4"
          aria-label="Create operator token"
          onSubmit={async (e) => {
            e.preventDefault();
            const el = e.currentTarget;
            const name = String(new FormData(el).get("name") ?? "");
            const token = await form.run(() => createOperatorTokenAction({ name }));
            if (token) {
              el.reset();
              setCreated({ name: token.name, secret: token.secret });
            }
          }}
        >
          <InputField
            label="Token name"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. CRM provisioning"
            error={form.fieldErrors.name}
            className="min-w-64 flex-1"
          />
          <Button type="submit" className="mt-6" disabled={form.pending}>
            {form.pending ? "Creating…" : "Create token"}
          </Button>
          <FormError message={form.fieldErrors.name ? null : form.error} className="w-full" />
        </form>
      ) : null}
      <TokenTable
        tokens={tokens}
        what="operator token"
        emptyText="Operator tokens authenticate the vendor's CRM/ERP to the management API."
        onRevoke={canManage ? revoke : undefined}
      />
      <SecretOnceDialog secret={created?.secret ?? null} name={created?.name ?? ""} onClose={() => setCreated(null)} />
    </>
  );
}
