import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { contracts, licensePools, modules, organizations } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { Actor } from "../actor";
import type { DenialContext } from "../denials";
import { isLicensingError, LicensingError } from "../errors";
import { isInForce } from "../holdings/contract";
import type { ClientKey } from "../input";
import { refusal } from "../denials";

/**
 * Where an offline file is submitted: the vendor names the contract (management API); an
 * administrator submits it within their organization (console), where the contract is the one the
 * request names or else the organization's contract for the module in force today (rule 20 allows
 * only one), else its latest.
 */
export type OfflineTarget = { contractId: string } | { organizationId: string };

/** The contract's organization, or NOT_FOUND for an unknown contract. */
export async function organizationOfContract(ex: Executor, contractId: string): Promise<string> {
  const [c] = await ex
    .select({ organizationId: contracts.organizationId })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  if (!c) throw new LicensingError("NOT_FOUND", "The contract was not found.");
  return c.organizationId;
}

/** The contract an activation request goes to, as the key its take runs with. */
export async function offlineKey(
  ex: Executor,
  actor: Actor,
  target: OfflineTarget,
  request: { module: string; contract?: string },
  denial: DenialContext,
): Promise<ClientKey> {
  if ("contractId" in target) {
    return { contractId: target.contractId, organizationId: denial.organizationId, actor };
  }
  const candidates = await ex
    .select({
      id: contracts.id,
      status: contracts.status,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(licensePools, eq(licensePools.contractId, contracts.id))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(and(eq(contracts.organizationId, target.organizationId), eq(modules.key, request.module)))
    .orderBy(desc(contracts.startsAt));
  const chosen = request.contract
    ? candidates.find((c) => c.id === request.contract)
    : (candidates.find((c) => isInForce(c)) ?? candidates[0]);
  if (!chosen)
    throw refusal(
      "MODULE_NOT_LICENSED",
      request.contract
        ? `The contract named by the request does not include the module "${request.module}" for this organization.`
        : `No contract of this organization includes the module "${request.module}".`,
      { module: request.module },
      denial,
    );
  return { contractId: chosen.id, organizationId: target.organizationId, actor };
}

/** Re-throws a plain refusal of the file readers as one recorded as a denial. */
export async function recordedAs<T>(denial: DenialContext, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isLicensingError(e)) throw refusal(e.code, e.message, e.details, denial);
    throw e;
  }
}
