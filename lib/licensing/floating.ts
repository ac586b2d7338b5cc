import "server-only";
import type { LicensePool } from "@/db/schema";
import type { PoolUpdateInput } from "@/lib/validation/licensing";
import { LicensingError } from "./errors";

// Rule 25's pool settings (idle reclaim, reservations, borrowing) belong to concurrent pools: a
// named pool's seat is its user's, so there is nothing to reclaim, reserve or lend.

const concurrentOnly = ["idleTimeoutMinutes"] as const satisfies (keyof PoolUpdateInput)[];

/** Refuses floating-licence settings a pool cannot take, before anything is written. */
export function assertFloatingSettings(pool: LicensePool, moduleName: string, patch: PoolUpdateInput) {
  if (pool.model !== "named") return;
  const set = concurrentOnly.filter((k) => patch[k] !== undefined && patch[k] !== null);
  if (set.length)
    throw new LicensingError(
      "INVALID",
      `${moduleName} is licensed per named user: ${set.join(", ")} applies to concurrent pools only.`,
      { fields: set },
    );
}
