import "server-only";
import { and, desc, eq, gt, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deviceActivations, licensePools, modules, users, type DevicePlatform } from "@/db/schema";
import { EXPIRING_SOON_DAYS, type LeaseState } from "./lease-state";

// Device activations of one organization for the devices page, filtered in SQL by lease state
// (the same cut-offs as lib/console/lease-state.ts) and platform.

export type DeviceFilter = { state?: LeaseState; platform?: DevicePlatform };

/** When a lease starts to read "expiring soon" (lease-state.ts, in SQL). */
const soon = sql`now() + least(${EXPIRING_SOON_DAYS} * interval '1 day', ${licensePools.leaseDays} * interval '12 hours')`;

function leaseCondition(state: LeaseState | undefined): SQL | undefined {
  switch (state) {
    case "lapsed":
      return lte(deviceActivations.leaseExpiresAt, sql`now()`);
    case "expiring":
      return and(gt(deviceActivations.leaseExpiresAt, sql`now()`), lte(deviceActivations.leaseExpiresAt, soon));
    case "valid":
      return gt(deviceActivations.leaseExpiresAt, soon);
    default:
      return undefined;
  }
}

export const DEVICES_LIMIT = 500;

/** Activations not revoked (lapsed leases included, so people see them), newest first. */
export function listDevices(db: Database, organizationId: string, filter: DeviceFilter = {}) {
  return db
    .select({
      id: deviceActivations.id,
      name: deviceActivations.name,
      fingerprint: deviceActivations.fingerprint,
      platform: deviceActivations.platform,
      username: users.username,
      moduleName: modules.name,
      activatedAt: deviceActivations.activatedAt,
      lastRefreshedAt: deviceActivations.lastRefreshedAt,
      leaseExpiresAt: deviceActivations.leaseExpiresAt,
      leaseDays: licensePools.leaseDays,
    })
    .from(deviceActivations)
    .innerJoin(licensePools, eq(licensePools.id, deviceActivations.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, deviceActivations.userId))
    .where(
      and(
        eq(deviceActivations.organizationId, organizationId),
        isNull(deviceActivations.endedAt),
        leaseCondition(filter.state),
        filter.platform ? eq(deviceActivations.platform, filter.platform) : undefined,
      ),
    )
    .orderBy(desc(deviceActivations.activatedAt))
    .limit(DEVICES_LIMIT);
}
export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];
