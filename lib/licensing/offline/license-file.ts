import "server-only";
import { eq } from "drizzle-orm";
import { contracts, licensePools, modules, organizations, type DeviceActivation } from "@/db/schema";
import type { Executor } from "@/db/client";
import { leaseEntitlements } from "../entitlements";
import { lastDayIn } from "../holdings/contract-days";
import { renewalDueAt } from "../holdings/device-activations";
import { signLicenseFile } from "../lease-token";

/** What the management API and the console show of an offline activation. */
export type OfflineActivationView = {
  id: string;
  contractId: string;
  module: string;
  fingerprint: string;
  platform: string;
  name: string | null;
  deviceKeyThumbprint: string;
  leaseExpiresAt: Date;
  renewBy: Date;
};

/**
 * The licence file of an offline activation (its lease as a JWS bound to the device's key), with
 * the view of the activation it stands for.
 */
export async function licenseFileFor(
  ex: Executor,
  row: DeviceActivation,
): Promise<{ activation: OfflineActivationView; licenseFile: string }> {
  const [pool] = await ex
    .select({
      module: modules.key,
      leaseDays: licensePools.leaseDays,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(eq(licensePools.id, row.poolId));
  const renewBy = renewalDueAt(row.leaseExpiresAt, pool!.leaseDays);
  const activation: OfflineActivationView = {
    id: row.id,
    contractId: row.contractId,
    module: pool!.module,
    fingerprint: row.fingerprint,
    platform: row.platform,
    name: row.name,
    deviceKeyThumbprint: row.deviceKeyThumbprint!,
    leaseExpiresAt: row.leaseExpiresAt,
    renewBy,
  };
  const licenseFile = await signLicenseFile({
    contractId: row.contractId,
    module: pool!.module,
    fingerprint: row.fingerprint,
    activationId: row.id,
    leaseExpiresAt: row.leaseExpiresAt,
    entitlements: await leaseEntitlements(ex, row.contractId, row.userId),
    deviceKeyThumbprint: row.deviceKeyThumbprint!,
    renewBy,
    contractEndsOn: pool!.endsAt ? lastDayIn(pool!.endsAt, pool!.timeZone) : null,
  });
  return { activation, licenseFile };
}
