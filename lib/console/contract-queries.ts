import "server-only";
import type { PoolSettingValues } from "@/lib/validation/pool-setting-fields";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contracts, licensePools, profiles, tokens, type PoolReservation } from "@/db/schema";
import { listTokens } from "./catalogue-queries";

// Reads of the contract page beyond listContracts (queries.ts): the contract API keys, and which
// organization a contract belongs to (createApiKey takes no scope, so the action checks it here).

/** The organization's contract API keys, newest first, revoked ones included (they say so). */
export const listApiKeys = (db: Database, organizationId: string) =>
  listTokens(db, and(eq(tokens.organizationId, organizationId), eq(tokens.kind, "contract_api_key")));

/** Whether a contract belongs to the organization (a crafted id from elsewhere answers false). */
export async function contractBelongsTo(db: Database, contractId: string, organizationId: string) {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.organizationId, organizationId)));
  return row !== undefined;
}

/**
 * The floating-licence settings of the organization's concurrent pools (rule 25), poolId → the
 * settings, and the profiles a reservation may name, for the contract page's settings dialog.
 */
export async function poolFloatingSettings(db: Database, organizationId: string) {
  const [pools, profileRows] = await Promise.all([
    db
      .select({
        poolId: licensePools.id,
        idleTimeoutMinutes: licensePools.idleTimeoutMinutes,
        maxBorrowHours: licensePools.maxBorrowHours,
        borrowPercent: licensePools.borrowPercent,
        reservations: licensePools.reservations,
      })
      .from(licensePools)
      .where(and(eq(licensePools.organizationId, organizationId), eq(licensePools.model, "concurrent"))),
    db
      .select({ id: profiles.id, name: profiles.name })
      .from(profiles)
      .where(eq(profiles.organizationId, organizationId))
      .orderBy(sql`lower(${profiles.name})`, asc(profiles.id)),
  ]);
  return {
    settings: new Map(
      pools.map(({ poolId, reservations, ...numbers }) => [poolId, { ...numbers, reservations: reservations ?? [] }]),
    ),
    profiles: profileRows,
  };
}
/** Auto-reclaim of each named pool, poolId → days unused (null: off). */
export async function poolAutoReclaim(db: Database, organizationId: string): Promise<Map<string, number | null>> {
  const rows = await db
    .select({ poolId: licensePools.id, days: licensePools.autoReclaimDays })
    .from(licensePools)
    .where(and(eq(licensePools.organizationId, organizationId), eq(licensePools.model, "named")));
  return new Map(rows.map((r) => [r.poolId, r.days]));
}

export type PoolFloatingSettings = PoolSettingValues & { reservations: PoolReservation[] };
