import "server-only";
import { inArray } from "drizzle-orm";
import { profiles, type PoolReservation } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ClientPool } from "./client-pool";

type PoolNow = {
  held: number;
  limit: number;
  reservations: PoolReservation[] | null;
  reservedHeld: Record<string, number>;
};

/**
 * Which reservation rule refused a take (rule 25), as the sentence and numbers SESSION_LIMIT_REACHED
 * carries: the profile's cap, or seats kept for other profiles. Null when the pool is simply full.
 */
export async function reservationRefusal(
  ex: Executor,
  target: ClientPool,
  pool: PoolNow,
  open: { profileId: string | null; seatsHeld: number },
): Promise<{ message: string; details: Record<string, unknown> } | null> {
  const list = pool.reservations ?? [];
  const heldBy = (id: string) => Number(pool.reservedHeld[id] ?? 0);
  const base = { limit: pool.limit, inUse: pool.held };
  const own = list.find((r) => r.profileId === open.profileId);
  const names = async (ids: string[]) =>
    ids.length
      ? new Map(
          (
            await ex.select({ id: profiles.id, name: profiles.name }).from(profiles).where(inArray(profiles.id, ids))
          ).map((p) => [p.id, p.name]),
        )
      : new Map<string, string>();
  if (own && own.max !== null && heldBy(own.profileId) + open.seatsHeld > own.max) {
    const name = (await names([own.profileId])).get(own.profileId) ?? "this profile";
    return {
      message: `The profile ${name} may hold at most ${own.max} ${target.moduleName} licences at once (${heldBy(own.profileId)} in use). Try again when one of its sessions closes.`,
      details: { ...base, profileId: own.profileId, profileMax: own.max, profileInUse: heldBy(own.profileId) },
    };
  }
  const others = list.filter((r) => r.profileId !== open.profileId);
  const reserved = others.reduce((sum, r) => sum + Math.max(r.reserved - heldBy(r.profileId), 0), 0);
  if (reserved === 0 || pool.held + open.seatsHeld > pool.limit) return null;
  const reservedFor = [
    ...(await names(others.filter((r) => r.reserved > heldBy(r.profileId)).map((r) => r.profileId))).values(),
  ];
  return {
    message: `The free ${target.moduleName} licences are reserved for other profiles (${reservedFor.join(", ")}): ${pool.held} of ${pool.limit} in use, ${reserved} reserved. Try again when someone closes a session.`,
    details: { ...base, reserved },
  };
}
