import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, organizations, plans } from "@/db/schema";
import { effectiveStatus } from "@/lib/licensing/holdings/contract";
import { poolUsages } from "@/lib/licensing/usage";

// Read queries of the console's first pages. Every one takes the organization it reads, so a
// page can only show what the scope check let through.

export async function getOrganization(db: Database, organizationId: string) {
  const [organization] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      siteId: organizations.siteId,
      timeZone: organizations.timeZone,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization ?? null;
}
export type OrganizationSummary = NonNullable<Awaited<ReturnType<typeof getOrganization>>>;

/** Contracts, newest first, each with its pools (bounds and what they hold). */
export async function listContracts(db: Database, organizationId: string) {
  const [rows, pools] = await Promise.all([
    db
      .select({
        id: contracts.id,
        planName: plans.name,
        startsAt: contracts.startsAt,
        endsAt: contracts.endsAt,
        status: contracts.status,
      })
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(eq(contracts.organizationId, organizationId))
      .orderBy(desc(contracts.startsAt), asc(contracts.id)),
    poolUsages(db, { organizationId }),
  ]);
  return rows.map((c) => {
    const contractPools = pools.filter((p) => p.contractId === c.id);
    return { ...c, status: effectiveStatus(c), pools: contractPools };
  });
}
