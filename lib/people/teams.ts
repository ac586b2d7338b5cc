import "server-only";
import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { consoleAccounts, type AccountRole } from "@/db/schema";
import { LicensingError } from "@/lib/licensing/errors";

/**
 * A team of console accounts: one organization's owners and admins, or (null) the vendor's staff,
 * operators and support. Every people function takes the team it works in, so an account of
 * another team is not found (SPEC §2 rule 14).
 */
export type Team = { organizationId: string } | "vendor";

export const vendorRoles = ["operator", "support"] as const satisfies AccountRole[];
export const organizationRoles = ["owner", "admin"] as const satisfies AccountRole[];

export const teamOrganizationId = (team: Team) => (team === "vendor" ? null : team.organizationId);
export const teamRoles = (team: Team): readonly AccountRole[] => (team === "vendor" ? vendorRoles : organizationRoles);

/** The role a team can't be left without: an organization's owner, the vendor's operator. */
export const keeperRole = (team: Team): AccountRole => (team === "vendor" ? "operator" : "owner");

/** The accounts of a team, as SQL. */
export function inTeam(team: Team): SQL {
  return team === "vendor"
    ? and(isNull(consoleAccounts.organizationId), inArray(consoleAccounts.role, [...vendorRoles]))!
    : eq(consoleAccounts.organizationId, team.organizationId);
}

/** Refuses a role the team doesn't have (an owner in the vendor team, an operator in an organization). */
export function assertTeamRole(team: Team, role: AccountRole) {
  if (!teamRoles(team).includes(role)) {
    throw new LicensingError(
      "INVALID",
      team === "vendor"
        ? "Vendor staff are operators or support staff."
        : "People of an organization are owners or admins.",
    );
  }
}

/**
 * Refuses a change that would leave the team without its keeper role (no owner, no operator).
 * The keepers' rows are locked first, so two concurrent removals of the last two owners run one
 * after the other: the second sees one owner left (a row deleted or demoted meanwhile drops out
 * of the locked read, PostgreSQL re-checking the condition on the newest version) and is refused.
 */
export async function assertKeeperRemains(tx: Executor, team: Team, leaving: string) {
  const keeper = keeperRole(team);
  const keepers = await tx
    .select({ id: consoleAccounts.id })
    .from(consoleAccounts)
    .where(and(inTeam(team), eq(consoleAccounts.role, keeper)))
    .orderBy(asc(consoleAccounts.id))
    .for("update");
  if (keepers.some((k) => k.id === leaving) && keepers.length <= 1) {
    throw team === "vendor"
      ? new LicensingError(
          "LAST_OPERATOR",
          "This is the last operator: the vendor team must keep one, so make someone else an operator first.",
        )
      : new LicensingError(
          "LAST_OWNER",
          "This is the organization's last owner: it must keep one, so make someone else an owner first.",
        );
  }
}
