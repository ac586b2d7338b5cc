import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { contracts, licensePools, modules, organizations, profileModules, users, type LicensePool } from "@/db/schema";
import type { Executor } from "@/db/client";
import { foldUsername } from "@/lib/validation/text";
import { effectiveStatus, isInForce } from "./holdings/contract";
import { dayIn } from "./holdings/contract-days";
import { userMayHoldSeat, validToNotPastSql } from "./holdings/named-seats";
import { refusal, type DenialContext } from "./denials";
import type { ClientKey } from "./input";

export type ClientPool = { pool: LicensePool; moduleKey: string; moduleName: string };

/**
 * The pool a licensed application asks for, on its key's contract: MODULE_NOT_LICENSED when the
 * contract has no such module, CONTRACT_INACTIVE when the contract is not in force (rule 13).
 */
export async function findClientPool(
  tx: Executor,
  key: ClientKey,
  moduleKey: string,
  denial: DenialContext,
): Promise<ClientPool> {
  const [row] = await poolLookup(tx).execute({ contractId: key.contractId, moduleKey });
  if (!row)
    throw refusal(
      "MODULE_NOT_LICENSED",
      `This contract does not include the module "${moduleKey}".`,
      { module: moduleKey },
      denial,
    );
  Object.assign(denial, { poolId: row.pool.id, moduleId: row.pool.moduleId });
  if (!isInForce(row)) throw contractInactive(row, denial);
  return { pool: row.pool, moduleKey: row.moduleKey, moduleName: row.moduleName };
}

/**
 * The lookup of every open and activation, prepared once per database handle: drizzle builds a
 * select of 34 columns over four tables on each call otherwise, which costs more CPU than the
 * rest of an open's own work.
 */
function poolLookup(ex: Executor) {
  let lookup = lookups.get(ex);
  if (!lookup) lookups.set(ex, (lookup = preparedLookup(ex)));
  return lookup;
}

const preparedLookup = (ex: Executor) =>
  ex
    .select({
      pool: licensePools,
      moduleKey: modules.key,
      moduleName: modules.name,
      status: contracts.status,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(
      and(eq(licensePools.contractId, sql.placeholder("contractId")), eq(modules.key, sql.placeholder("moduleKey"))),
    )
    .prepare("client_pool");

const lookups = new WeakMap<Executor, ReturnType<typeof preparedLookup>>();

type ContractDates = Parameters<typeof effectiveStatus>[0] & { timeZone: string };

/** CONTRACT_INACTIVE (rules 13, 20), with the sentence for why: not started yet, suspended or ended. */
export function contractInactive(c: ContractDates, denial: DenialContext) {
  const status = effectiveStatus(c);
  const message =
    status === "upcoming"
      ? `This contract starts on ${dayIn(c.startsAt, c.timeZone)}.`
      : "This contract is not active, so no licences can be used.";
  return refusal("CONTRACT_INACTIVE", message, { status }, denial);
}

/** After a take found the contract not in force (rule 21): CONTRACT_INACTIVE, or nothing when it is. */
export async function assertContractInForce(ex: Executor, key: ClientKey, denial: DenialContext) {
  const [c] = await ex
    .select({
      status: contracts.status,
      startsAt: contracts.startsAt,
      endsAt: contracts.endsAt,
      timeZone: organizations.timeZone,
    })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(eq(contracts.id, key.contractId));
  if (c && !isInForce(c)) throw contractInactive(c, denial);
}

/**
 * Rule 9: a user named by a client must exist, be active, not be past validTo, have credentials
 * issued and a profile granting the module. Passing all of it is exactly rule 1, so on a named
 * pool such a user holds a seat.
 */
export async function checkClientUser(
  tx: Executor,
  key: ClientKey,
  username: string,
  target: ClientPool,
  denial: DenialContext,
) {
  const [user] = await tx
    .select({
      id: users.id,
      username: users.username,
      profileId: users.profileId,
      status: users.status,
      credentials: users.credentials,
      isExpired: sql<boolean>`not ${validToNotPastSql()}`,
      // Conditions as objects, not bare columns: in a select list over one table drizzle renders bare
      // columns unqualified, which would make this "profile_id" = "profile_id" inside the subquery.
      isGranted: sql<boolean>`exists (select 1 from ${profileModules} where ${and(eq(profileModules.profileId, users.profileId), eq(profileModules.moduleId, target.pool.moduleId))})`,
      holdsSeat: sql<boolean>`(${userMayHoldSeat})`,
    })
    .from(users)
    .where(and(eq(users.organizationId, key.organizationId), eq(users.usernameKey, foldUsername(username))));
  if (!user) throw refusal("USER_NOT_FOUND", `There is no user named "${username}".`, { username }, denial);
  denial.userId = user.id;
  if (user.status !== "active") throw refusal("USER_INACTIVE", `The user "${user.username}" is inactive.`, {}, denial);
  if (user.isExpired)
    throw refusal("USER_EXPIRED", `The user "${user.username}" is past their valid-to date.`, {}, denial);
  if (user.credentials !== "issued")
    throw refusal(
      "NO_CREDENTIALS",
      user.credentials === "revoked"
        ? `The user "${user.username}" had their login credentials revoked.`
        : `The user "${user.username}" has no login credentials issued.`,
      {},
      denial,
    );
  if (!user.isGranted) {
    throw refusal(
      "MODULE_NOT_GRANTED",
      `The user "${user.username}" has no profile granting ${target.moduleName}.`,
      { module: target.moduleKey },
      denial,
    );
  }
  return user;
}
