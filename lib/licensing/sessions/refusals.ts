import "server-only";
import { eq } from "drizzle-orm";
import { contracts, licensePools, organizations } from "@/db/schema";
import type { Executor } from "@/db/client";
import { contractInactive, type ClientPool } from "../client-pool";
import { reservationRefusal } from "../reservation-refusal";
import { refusal, type DenialContext } from "../denials";
import { LicensingError } from "../errors";
import type { ClientKey } from "../input";
import { isInForce } from "../holdings/contract";
import { sessionLimit } from "../holdings/session-weights";
import type { EndReason } from "../session-release";
import type { SessionRow } from "./take-seats";

export const notYet = () => new LicensingError("SESSION_LIMIT_REACHED", "Not yet first in line for a free seat.");

export async function sessionLimitReached(
  ex: Executor,
  key: ClientKey,
  target: ClientPool,
  open: SessionRow,
  denial: DenialContext,
) {
  // One read says which it was: the contract stopped being in force (rule 21), or the pool is full.
  const [now] = await ex
    .select({
      held: licensePools.sessionsHeld,
      reservations: licensePools.reservations,
      reservedHeld: licensePools.reservedHeld,
      capacity: licensePools.capacity,
      overagePercent: licensePools.overagePercent,
      status: contracts.status,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(licensePools)
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(eq(licensePools.id, target.pool.id));
  if (!isInForce(now!)) return contractInactive(now!, denial);
  const limit = sessionLimit(now!);
  if (now!.reservations) {
    const reservedRefusal = await reservationRefusal(ex, target, { ...now!, limit }, open);
    if (reservedRefusal)
      return refusal("SESSION_LIMIT_REACHED", reservedRefusal.message, reservedRefusal.details, denial);
  }
  return refusal(
    "SESSION_LIMIT_REACHED",
    `All ${limit} ${target.moduleName} licences are in use (${now!.held} in use). Try again when someone closes a session.`,
    { limit, inUse: now!.held },
    denial,
  );
}

export const endedBecause: Record<EndReason, string> = {
  closed: "This session was closed: open a new one.",
  expired: "This session expired (no heartbeat within its time to live): open a new one.",
  ended_by_admin: "An administrator ended this session: open a new one.",
  contract_inactive: "This session ended because its contract is not in force.",
  seat_revoked: "This session ended because its user no longer holds a licence for this module.",
  idle: "This session was idle longer than the pool's idle timeout, so its licence was given back: open a new one.",
  returned: "This session's borrowed seat was returned: open a new one.",
  borrow_expired: "This session's borrow ran out, so its licence was given back: open a new one.",
  borrow_revoked: "An administrator revoked this session's borrow: open a new one.",
};
