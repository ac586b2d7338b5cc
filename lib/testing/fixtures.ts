import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import { upsertModule, createOrganization } from "@/lib/licensing/catalogue";
import { createContract } from "@/lib/licensing/contracts";
import type { ClientKey } from "@/lib/licensing/input";
import type { ContractCreateInput } from "@/lib/validation/licensing";
import { unique } from "./db";

export const testOperator: Actor = {
  type: "account",
  id: randomUUID(),
  label: "test-operator",
  role: "operator",
  organizationId: null,
};

type PoolSpec = Omit<NonNullable<ContractCreateInput["pools"]>[number], "module"> & {
  /** A short name for the module in this test ("cm"); a unique catalogue key is made from it. */
  module: string;
  moduleName?: string;
};

/**
 * An organization of its own with one contract and the given pools, each on a fresh module with
 * a unique key, so tests never share state. Returns the client key the client API would use.
 */
export async function makeOrganization(
  db: Database,
  spec: {
    pools: PoolSpec[];
    startsAt?: Date;
    endsAt?: Date | null;
    name?: string;
    currency?: string;
    timeZone?: string;
  },
) {
  const organization = await createOrganization(db, testOperator, {
    name: spec.name ?? unique("Org"),
    timeZone: spec.timeZone,
  });
  const moduleKeys: Record<string, string> = {};
  for (const p of spec.pools) {
    const key = unique(p.module).toLowerCase();
    await upsertModule(db, testOperator, { key, name: p.moduleName ?? key });
    moduleKeys[p.module] = key;
  }
  const contract = await createContract(db, testOperator, {
    organizationId: organization.id,
    startsAt: spec.startsAt ?? new Date(Date.now() - 30 * 86_400_000),
    endsAt: spec.endsAt,
    currency: spec.currency,
    pools: spec.pools.map((p) => {
      const { moduleName, ...pool } = p;
      void moduleName;
      return { ...pool, module: moduleKeys[p.module]! };
    }),
  });
  const key: ClientKey = {
    contractId: contract.id,
    organizationId: organization.id,
    actor: {
      type: "token",
      id: randomUUID(),
      label: "key:test",
      kind: "contract_api_key",
      contractId: contract.id,
      organizationId: organization.id,
    },
  };
  const pool = (short: string) => {
    const found = contract.pools.find((p) => p.module === moduleKeys[short]);
    if (!found) throw new Error(`No pool ${short} in this fixture`);
    return found;
  };
  return {
    organization,
    contract,
    key,
    moduleKeys,
    mod: (short: string) => moduleKeys[short]!,
    pool,
    scope: { organizationId: organization.id },
  };
}

/** An administrator of one organization. */
export function adminOf(organizationId: string): Actor {
  return { type: "account", id: randomUUID(), label: "test-admin", role: "admin", organizationId };
}
