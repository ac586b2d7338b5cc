import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, licensePools, modules, plans } from "@/db/schema";
import { effectiveStatus } from "@/lib/licensing/holdings/contract";
import type { TimelineContract } from "./renewals";

/** The organization's contracts with what their timelines need (pools' scheduled changes), oldest first. */
export async function contractTimelines(db: Database, organizationId: string): Promise<TimelineContract[]> {
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
      .orderBy(asc(contracts.startsAt)),
    db
      .select({
        contractId: licensePools.contractId,
        moduleName: modules.name,
        capacity: licensePools.capacity,
        scheduledCapacity: licensePools.scheduledCapacity,
        scheduledCapacityAt: licensePools.scheduledCapacityAt,
      })
      .from(licensePools)
      .innerJoin(modules, eq(modules.id, licensePools.moduleId))
      .where(eq(licensePools.organizationId, organizationId)),
  ]);
  return rows.map((c) => ({
    ...c,
    status: effectiveStatus(c),
    pools: pools.filter((p) => p.contractId === c.id),
  }));
}
