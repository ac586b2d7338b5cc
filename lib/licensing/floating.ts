import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { licensePools, profiles, type LicensePool, type PoolReservation } from "@/db/schema";
import type { Tx } from "@/db/client";
import { bare } from "@/db/sql";
import type { PoolUpdateInput } from "@/lib/validation/licensing";
import { LicensingError } from "./errors";
import { reservedHeldOfPoolSql } from "./holdings/reservations";

// Rule 25's pool settings (idle reclaim, reservations, borrowing) belong to concurrent pools: a
// named pool's seat is its user's, so there is nothing to reclaim, reserve or lend.

const concurrentOnly = [
  "idleTimeoutMinutes",
  "reservations",
  "maxBorrowHours",
  "borrowPercent",
] as const satisfies (keyof PoolUpdateInput)[];

/** The value each setting has when it is off: giving that on a named pool changes nothing, so it is fine. */
const offValue: Partial<Record<(typeof concurrentOnly)[number], unknown>> = { maxBorrowHours: 0, borrowPercent: 100 };

type Patch = Omit<PoolUpdateInput, "reservations"> & { reservations?: PoolReservation[] | null };

/**
 * Checks a pool's floating-licence settings before anything is written, and returns what else
 * the pool row must get with them: setting reservations recounts the seats held per profile from
 * the live sessions (call it with the pool row locked, so no take runs meanwhile).
 */
export async function floatingSettingsChange(
  tx: Tx,
  pool: LicensePool,
  moduleName: string,
  patch: Patch,
): Promise<{ reservations?: PoolReservation[] | null; reservedHeld?: SQL }> {
  if (pool.model === "named") {
    const set = concurrentOnly.filter((k) => patch[k] !== undefined && patch[k] !== null && patch[k] !== offValue[k]);
    if (set.length)
      throw new LicensingError(
        "INVALID",
        `${moduleName} is licensed per named user: ${set.join(", ")} applies to concurrent pools only.`,
        { fields: set },
      );
    return {};
  }
  const capacity = patch.capacity ?? pool.capacity;
  if (patch.reservations === undefined) {
    assertReservationsFit(moduleName, pool.reservations ?? [], capacity);
    return {};
  }
  const list = patch.reservations?.length ? patch.reservations : null;
  if (!list) return { reservations: null, reservedHeld: sql`'{}'::jsonb` };
  const ids = list.map((r) => r.profileId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice)
    throw new LicensingError("INVALID", "Each profile may have one reservation per pool.", { profileId: twice });
  const known = await tx
    .select({ id: profiles.id })
    .from(profiles)
    .where(and(eq(profiles.organizationId, pool.organizationId), inArray(profiles.id, ids)));
  const unknown = ids.find((id) => !known.some((p) => p.id === id));
  if (unknown) throw new LicensingError("NOT_FOUND", "That profile was not found.", { profileId: unknown });
  const below = list.find((r) => r.max !== null && r.max < r.reserved);
  if (below)
    throw new LicensingError(
      "INVALID",
      `${moduleName}: a profile's maximum (${below.max}) cannot be below the seats reserved for it (${below.reserved}).`,
      { profileId: below.profileId },
    );
  assertReservationsFit(moduleName, list, capacity);
  return { reservations: list, reservedHeld: reservedHeldOfPoolSql(pool.id) };
}

/** Reserved seats never exceed the pool's capacity (also when the capacity goes down). */
function assertReservationsFit(moduleName: string, list: PoolReservation[], capacity: number) {
  const reserved = list.reduce((sum, r) => sum + r.reserved, 0);
  if (reserved > capacity)
    throw new LicensingError(
      "INVALID",
      `${moduleName}: ${reserved} seats are reserved for profiles but the pool has ${capacity}.`,
      { reserved, capacity },
    );
}

const lp = alias(licensePools, "lp");

/** A deleted profile's reservations go with it (in the deletion's transaction). */
export async function forgetProfileReservations(tx: Tx, organizationId: string, profileId: string) {
  await tx.execute(sql`
    update ${licensePools} set ${bare(licensePools.reservations)} = kept.list,
           ${bare(licensePools.reservedHeld)} = case when kept.list is null then '{}'::jsonb else ${licensePools.reservedHeld} end
      from (select ${lp.id} as id, (select jsonb_agg(r) from jsonb_array_elements(${lp.reservations}) r where r ->> 'profileId' <> ${profileId}) as list
              from ${licensePools} ${lp}
             where ${lp.organizationId} = ${organizationId} and ${lp.reservations} @> jsonb_build_array(jsonb_build_object('profileId', ${profileId}::text))) kept
     where ${licensePools.id} = kept.id`);
}
