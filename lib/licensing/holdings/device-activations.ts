import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { deviceActivations, licensePools, users } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ColumnsOf } from "@/db/sql";

// Device activations (rules 10, 11), written once. An activation counts while it is not ended
// and its lease has not lapsed for longer than the grace period; the pool allows capacity ×
// activations per licence + extra activations.

/** Grace after a lapsed lease before the activation stops counting (rule 11). */
export const LEASE_GRACE_DAYS = 3;
export const LEASE_GRACE_MS = LEASE_GRACE_DAYS * 86_400_000;
const grace = sql.raw(`interval '${LEASE_GRACE_DAYS} days'`);

type ActivationLease = ColumnsOf<typeof deviceActivations, "endedAt" | "leaseExpiresAt">;

/** An activation counts at `at` (a condition over `device_activations` or an alias of it). */
export function activationIsLiveAt(t: ActivationLease = deviceActivations, at: SQL = sql`now()`): SQL {
  return sql`(${t.endedAt} is null and ${t.leaseExpiresAt} > ${at} - ${grace})`;
}

export const activationIsLive: SQL = activationIsLiveAt();

/** Not ended but lapsed beyond the grace: counts for nothing, ended as `lapsed` when met. */
export function activationLapsedAt(t: ActivationLease = deviceActivations, at: SQL = sql`clock_timestamp()`): SQL {
  return sql`(${t.endedAt} is null and ${t.leaseExpiresAt} <= ${at} - ${grace})`;
}

type ActivationNumbers = { capacity: number; activationsPerLicense: number; extraActivations: number };

export const activationLimit = (p: ActivationNumbers) => p.capacity * p.activationsPerLicense + p.extraActivations;
export const activationLimitSql: SQL = sql`(${licensePools.capacity}::bigint * ${licensePools.activationsPerLicense} + ${licensePools.extraActivations})`;

/**
 * What a person sees of a lease: valid, expiring soon (within 7 days, or the last half of a
 * lease shorter than two weeks), in grace (lapsed but still counting) or lapsed (counts no more).
 */
export type LeaseState = "valid" | "expiring" | "grace" | "lapsed";
export const EXPIRING_SOON_DAYS = 7;
export const expiringSoonMs = (leaseDays: number) => Math.min(EXPIRING_SOON_DAYS, leaseDays / 2) * 86_400_000;

/** When an offline device should present its renewal: as its lease starts expiring soon. */
export const renewalDueAt = (leaseExpiresAt: Date, leaseDays: number) =>
  new Date(leaseExpiresAt.getTime() - expiringSoonMs(leaseDays));

export function leaseState(leaseExpiresAt: Date, leaseDays: number, now: Date = new Date()): LeaseState {
  const left = leaseExpiresAt.getTime() - now.getTime();
  if (left <= -LEASE_GRACE_MS) return "lapsed";
  if (left <= 0) return "grace";
  return left <= expiringSoonMs(leaseDays) ? "expiring" : "valid";
}

/** The same states as SQL conditions over device_activations joined to license_pools. */
export function leaseStateSql(state: LeaseState): SQL {
  const soon = sql`now() + least(${EXPIRING_SOON_DAYS} * interval '1 day', ${licensePools.leaseDays} * interval '12 hours')`;
  const expires = deviceActivations.leaseExpiresAt;
  switch (state) {
    case "lapsed":
      return sql`${expires} <= now() - ${grace}`;
    case "grace":
      return sql`${expires} > now() - ${grace} and ${expires} <= now()`;
    case "expiring":
      return sql`${expires} > now() and ${expires} <= ${soon}`;
    case "valid":
      return sql`${expires} > ${soon}`;
  }
}

/** Live activations of these pools, poolId → count. */
export async function liveActivations(ex: Executor, poolIds: string[], at: SQL = sql`now()`) {
  if (poolIds.length === 0) return new Map<string, number>();
  const rows = await ex
    .select({ poolId: deviceActivations.poolId, n: sql<number>`count(*)::int` })
    .from(deviceActivations)
    .where(and(inArray(deviceActivations.poolId, poolIds), activationIsLiveAt(deviceActivations, at)))
    .groupBy(deviceActivations.poolId);
  return new Map(rows.map((r) => [r.poolId, Number(r.n)]));
}

/** The live activations of one pool, oldest first, for "who holds it" lists. */
export async function activationHolders(ex: Executor, poolId: string, limit = 10) {
  const list = await ex
    .select({ id: deviceActivations.id, fingerprint: deviceActivations.fingerprint, username: users.username })
    .from(deviceActivations)
    .leftJoin(users, eq(users.id, deviceActivations.userId))
    .where(and(eq(deviceActivations.poolId, poolId), activationIsLiveAt(deviceActivations, sql`clock_timestamp()`)))
    .orderBy(asc(deviceActivations.activatedAt))
    .limit(limit);
  return list.map((a) => ({ id: a.id, label: `${a.fingerprint}${a.username ? ` (${a.username})` : ""}` }));
}
