import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deviceActivations, licensePools, modules, users, type DevicePlatform } from "@/db/schema";
import { activationIsLive, leaseStateSql, type LeaseState } from "@/lib/licensing/holdings/device-activations";

// Device activations of one organization for the devices page, filtered in SQL by lease state
// (the engine's own states: holdings/device-activations.ts) and platform.

/** `pool` + `live`: exactly the activations a pool's device limit counts (the holders link). */
export type DeviceFilter = { state?: LeaseState; platform?: DevicePlatform; poolId?: string; live?: boolean };

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
      /** Set for a device activated offline, by a request it signed. */
      deviceKeyThumbprint: deviceActivations.deviceKeyThumbprint,
    })
    .from(deviceActivations)
    .innerJoin(licensePools, eq(licensePools.id, deviceActivations.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, deviceActivations.userId))
    .where(
      and(
        eq(deviceActivations.organizationId, organizationId),
        isNull(deviceActivations.endedAt),
        filter.state ? leaseStateSql(filter.state) : undefined,
        filter.platform ? eq(deviceActivations.platform, filter.platform) : undefined,
        filter.poolId ? eq(deviceActivations.poolId, filter.poolId) : undefined,
        filter.live ? activationIsLive : undefined,
      ),
    )
    .orderBy(desc(deviceActivations.activatedAt))
    .limit(DEVICES_LIMIT);
}
export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];
