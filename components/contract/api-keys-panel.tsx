"use client";

import { createApiKeyAction, revokeApiKeyAction } from "@/app/(console)/contract/actions";
import { SelectField } from "@/components/ui/field";
import { SecretTokensPanel } from "./secret-tokens-panel";
import type { TokenRow } from "./token-table";

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
  const contractLabel = new Map(contracts.map((c) => [c.id, c.label]));
  return (
    <SecretTokensPanel
      title="API keys"
      description="Licensed applications authenticate to the client API with a contract API key."
      what="API key"
      tokens={keys.map((k) => ({
        ...k,
        name:
          contracts.length > 1 && k.contractId
            ? `${k.name} (${contractLabel.get(k.contractId) ?? "contract"})`
            : k.name,
      }))}
      emptyText={
        canManage
          ? "Create one for each application or site that calls the client API."
          : "The contract owner creates API keys here."
      }
      canCreate={canManage && contracts.length > 0}
      canRevoke={canManage}
      create={(data) =>
        createApiKeyAction({
          organizationId,
          contractId: String(data.get("contractId")),
          name: String(data.get("name") ?? ""),
        })
      }
      revoke={(tokenId) => revokeApiKeyAction({ organizationId, tokenId })}
      dialogDescription="The secret is shown once, right after it is created."
      placeholder="e.g. Reception desktops"
      extraFields={
        contracts.length > 1 ? (
          <SelectField label="Contract" name="contractId" defaultValue={contracts[0]!.id}>
            {contracts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </SelectField>
        ) : contracts.length === 1 ? (
          <input type="hidden" name="contractId" value={contracts[0]!.id} />
        ) : null
      }
    />
  );
}
