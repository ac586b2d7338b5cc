import "server-only";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, licensePools, modules, plans } from "@/db/schema";
import { effectiveStatus, effectiveStatusIs, type EffectiveContractStatus } from "@/lib/licensing/holdings/contract";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";

// Contracts and their pools as the management API answers them: one record for its lists, its
// lookups and its writes' answers, the status the one people see (effectiveStatus).

const poolColumns = {
  id: licensePools.id,
  contractId: licensePools.contractId,
  module: modules.key,
  moduleName: modules.name,
  model: licensePools.model,
  capacity: licensePools.capacity,
  minCapacity: licensePools.minCapacity,
  maxCapacity: licensePools.maxCapacity,
  overagePercent: licensePools.overagePercent,
  activationsPerLicense: licensePools.activationsPerLicense,
  extraActivations: licensePools.extraActivations,
  apiConnectsPerLicense: licensePools.apiConnectsPerLicense,
  extraApiConnects: licensePools.extraApiConnects,
  heartbeatSeconds: licensePools.heartbeatSeconds,
  leaseDays: licensePools.leaseDays,
  warningThresholdPercent: licensePools.warningThresholdPercent,
  idleTimeoutMinutes: licensePools.idleTimeoutMinutes,
  reservations: licensePools.reservations,
  maxBorrowHours: licensePools.maxBorrowHours,
  borrowPercent: licensePools.borrowPercent,
  autoReclaimDays: licensePools.autoReclaimDays,
  scheduledCapacity: licensePools.scheduledCapacity,
  scheduledCapacityAt: licensePools.scheduledCapacityAt,
  pricePerLicense: licensePools.pricePerLicense,
  createdAt: licensePools.createdAt,
  updatedAt: licensePools.updatedAt,
};

const contractColumns = {
  id: contracts.id,
  organizationId: contracts.organizationId,
  planId: contracts.planId,
  plan: plans.name,
  status: contracts.status,
  startsAt: contracts.startsAt,
  endsAt: contracts.endsAt,
  currency: contracts.currency,
  createdAt: contracts.createdAt,
};

export type ContractFilter = {
  limit: number;
  cursor?: Keyset;
  organizationId?: string;
  status?: EffectiveContractStatus;
  module?: string;
};

const poolsOf = (db: Database, contractIds: string[]) =>
  contractIds.length === 0
    ? Promise.resolve([])
    : db
        .select(poolColumns)
        .from(licensePools)
        .innerJoin(modules, eq(modules.id, licensePools.moduleId))
        .where(inArray(licensePools.contractId, contractIds))
        .orderBy(asc(modules.key));

async function withPools<R extends ContractRow>(db: Database, rows: R[]) {
  const pools = await poolsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((c) => ({
    ...c,
    status: effectiveStatus(c),
    pools: pools.filter((p) => p.contractId === c.id),
  }));
}

type ContractRow = {
  id: string;
  status: "active" | "suspended" | "expired";
  startsAt: Date;
  endsAt: Date | null;
};

const holdsModule = (key: string): SQL =>
  sql`exists (select 1 from ${licensePools} join ${modules} on ${modules.id} = ${licensePools.moduleId}
    where ${licensePools.contractId} = ${contracts.id} and ${modules.key} = ${key})`;

/** Contracts by organization, status (as people see it) and a module one of their pools holds, newest first. */
export async function contractsPage(db: Database, filter: ContractFilter) {
  const where = and(
    filter.organizationId === undefined ? undefined : eq(contracts.organizationId, filter.organizationId),
    filter.status === undefined ? undefined : effectiveStatusIs(filter.status),
    filter.module === undefined ? undefined : holdsModule(filter.module),
  );
  const page = keysetPage(contracts.createdAt, contracts.id, where, filter.cursor);
  const fetched = await db
    .select({ ...contractColumns, pagedAt: keysetTime(contracts.createdAt) })
    .from(contracts)
    .leftJoin(plans, eq(plans.id, contracts.planId))
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor } = pageOf(fetched, filter.limit);
  return { rows: await withPools(db, rows), nextCursor };
}

export async function contractById(db: Database, id: string) {
  const rows = await db
    .select(contractColumns)
    .from(contracts)
    .leftJoin(plans, eq(plans.id, contracts.planId))
    .where(eq(contracts.id, id));
  const [record] = await withPools(db, rows);
  return record ?? null;
}

export async function poolByModule(db: Database, contractId: string, moduleKey: string) {
  const [pool] = await db
    .select(poolColumns)
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(and(eq(licensePools.contractId, contractId), eq(modules.key, moduleKey)));
  return pool ?? null;
}
