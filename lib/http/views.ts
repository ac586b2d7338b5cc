import "server-only";
import { and, eq } from "drizzle-orm";
import { contracts, organizations, plans } from "@/db/schema";
import type { Database } from "@/db/client";
import { LicensingError } from "@/lib/licensing/errors";
import { effectiveStatus } from "@/lib/licensing/holdings/contract";
import { poolUsages, type PoolUsage } from "@/lib/licensing/usage";

// The JSON shapes of SPEC §3–4, built from the engine's reports (documented by
// lib/validation/api-responses.ts).

export function poolView(p: PoolUsage) {
  return {
    module: p.module,
    model: p.model,
    capacity: p.capacity,
    limit: p.limit,
    inUse: p.inUse,
    available: p.available,
    activations: p.activations,
    apiConnects: { limit: p.apiConnects.limit, used: p.apiConnects.used, period: p.apiConnects.period },
  };
}

type ContractRow = {
  id: string;
  status: "active" | "suspended" | "expired";
  startsAt: Date;
  endsAt: Date | null;
  plan: string | null;
  currency: string | null;
};

const contractView = (c: ContractRow) => ({
  id: c.id,
  status: effectiveStatus(c),
  plan: c.plan,
  endsAt: c.endsAt?.toISOString() ?? null,
});

const contractColumns = {
  id: contracts.id,
  status: contracts.status,
  startsAt: contracts.startsAt,
  endsAt: contracts.endsAt,
  plan: plans.name,
  currency: contracts.currency,
};

/** GET /api/v1/license: the key's contract and its pools. */
export async function licenseView(db: Database, contractId: string) {
  const [contract] = await db
    .select(contractColumns)
    .from(contracts)
    .leftJoin(plans, eq(plans.id, contracts.planId))
    .where(eq(contracts.id, contractId));
  if (!contract) throw new LicensingError("NOT_FOUND", "That contract was not found.");
  const pools = await poolUsages(db, { contractId });
  return { contract: contractView(contract), pools: pools.map(poolView) };
}

/** GET /api/v1/manage/organizations/{id}/usage: every contract of an organization with its pools. */
export async function organizationUsageView(db: Database, organizationId: string) {
  const [organization] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization) throw new LicensingError("NOT_FOUND", "That organization was not found.");
  const [rows, pools] = await Promise.all([
    db
      .select(contractColumns)
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(and(eq(contracts.organizationId, organizationId)))
      .orderBy(contracts.startsAt),
    poolUsages(db, { organizationId }),
  ]);
  return {
    organization,
    contracts: rows.map((c) => ({
      ...contractView(c),
      currency: c.currency,
      pools: pools
        .filter((p) => p.contractId === c.id)
        .map((p) => ({ ...poolView(p), pricePerLicense: p.pricePerLicense })),
    })),
  };
}
