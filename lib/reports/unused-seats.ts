import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { contracts, licensePools, modules, profileModules, users } from "@/db/schema";
import { contractInForceAt } from "@/lib/licensing/holdings/contract";
import { profileGrantsModule, userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { monthlyCost } from "@/lib/money/money";
import { unusedSince } from "./last-use-queries";

/** The days without use after which a named seat counts as unused (the users filter's first choice). */
export const UNUSED_SEAT_DAYS = 30;

/**
 * The named pools of an organization (those matching `where` too) paired with their seat holders
 * (rule 1) who have not used the pool's module since `since`, never-seen users included: one row
 * per pool and holder, as a subquery to select from (its columns are named holder_* so that they
 * need no table name beside the tables joined to it).
 */
export function unusedSeatHolders(ex: Executor, organizationId: string, since: Date, where?: SQL) {
  return ex
    .select({
      poolId: sql<string>`${licensePools.id}`.as("holder_pool_id"),
      moduleId: sql<string>`${licensePools.moduleId}`.as("holder_module_id"),
      userId: sql<string>`${users.id}`.as("holder_user_id"),
      username: sql<string>`${users.username}`.as("holder_username"),
    })
    .from(licensePools)
    .innerJoin(
      profileModules,
      and(eq(profileModules.moduleId, licensePools.moduleId), eq(profileModules.organizationId, organizationId)),
    )
    .innerJoin(
      users,
      and(
        profileGrantsModule,
        eq(users.organizationId, organizationId),
        userMayHoldSeat,
        unusedSince(users.id, since, licensePools.moduleId),
      ),
    )
    .where(and(eq(licensePools.organizationId, organizationId), eq(licensePools.model, "named"), where))
    .as("unused_seat_holders");
}

export type UnusedSeats = {
  poolId: string;
  contractId: string;
  moduleKey: string;
  moduleName: string;
  /** Seats held (rule 1) by users who have not used this module for the days given, never-seen users included. */
  unused: number;
  currency: string | null;
  /** What those seats cost per month at the pool's price, in minor units (null: no price). */
  monthlyCost: number | null;
};

/**
 * The named pools in force of an organization with seats nobody used lately: per pool, the seat
 * holders (rule 1) with no session or activation of its module for `days` days, and what they cost
 * at the pool's price. The same users as the users list filtered by the module, "holds a seat" and
 * "not used for" those days. Pools without such seats are left out.
 */
export async function unusedNamedSeats(
  db: Database,
  organizationId: string,
  { now = new Date(), days = UNUSED_SEAT_DAYS }: { now?: Date; days?: number } = {},
): Promise<UnusedSeats[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const holders = unusedSeatHolders(db, organizationId, since);
  const rows = await db
    .select({
      poolId: licensePools.id,
      contractId: licensePools.contractId,
      moduleKey: modules.key,
      moduleName: modules.name,
      pricePerLicense: licensePools.pricePerLicense,
      currency: contracts.currency,
      unused: sql<number>`count(*)::int`,
    })
    .from(holders)
    .innerJoin(licensePools, eq(licensePools.id, holders.poolId))
    .innerJoin(
      contracts,
      and(
        eq(contracts.id, licensePools.contractId),
        contractInForceAt(contracts, sql`${now.toISOString()}::timestamptz`),
      ),
    )
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .groupBy(licensePools.id, licensePools.contractId, modules.key, modules.name, contracts.currency)
    .orderBy(modules.name);
  return rows.map(({ pricePerLicense, ...r }) => {
    const unused = Number(r.unused);
    return {
      ...r,
      unused,
      monthlyCost: pricePerLicense === null || r.currency === null ? null : monthlyCost(unused, pricePerLicense),
    };
  });
}
