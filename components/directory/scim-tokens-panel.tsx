"use client";

import { createScimTokenAction, revokeScimTokenAction } from "@/app/(console)/directory/actions";
import { SecretTokensPanel } from "@/components/contract/secret-tokens-panel";
import type { TokenRow } from "@/components/contract/token-table";

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
  return (
    <SecretTokensPanel
      title="SCIM tokens"
      description="Your directory sends one as its secret token. Each token reaches this organization only."
      what="SCIM token"
      tokens={tokens}
      emptyText={
        canManage
          ? "Create one for each directory that provisions users (e.g. “Entra ID”, “Okta”)."
          : "An owner or administrator creates SCIM tokens here."
      }
      canCreate={canManage}
      canRevoke={canManage}
      create={(data) => createScimTokenAction({ organizationId, name: String(data.get("name") ?? "") })}
      revoke={(tokenId) => revokeScimTokenAction({ organizationId, tokenId })}
      dialogDescription="The secret is shown once, right after it is created. The name appears in the provisioning log."
      placeholder="e.g. Entra ID"
    />
  );
}
