import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, type AccountRole } from "@/db/schema";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { notFound } from "@/lib/licensing/errors";
import { mfaStatusOf } from "@/lib/auth/mfa/requirement";
import { assertKeeperRemains, assertTeamRole, inTeam, teamOrganizationId, type Team } from "./teams";

export type TeamMember = {
  id: string;
  email: string;
  name: string | null;
  role: AccountRole;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** Whether the account signs in with a second factor (an authenticator app or a passkey). */
  hasMfa: boolean;
};

/** The people of a team, owners (or operators) first (the role enum's order), then by email. */
export async function listTeamMembers(db: Database, team: Team): Promise<TeamMember[]> {
  const rows = await db
    .select({
      id: consoleAccounts.id,
      email: consoleAccounts.email,
      name: consoleAccounts.name,
      role: consoleAccounts.role,
      lastLoginAt: consoleAccounts.lastLoginAt,
      createdAt: consoleAccounts.createdAt,
    })
    .from(consoleAccounts)
    .where(inTeam(team))
    .orderBy(asc(consoleAccounts.role), asc(consoleAccounts.email));
  const mfa = await mfaStatusOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, hasMfa: mfa.get(r.id) ?? false }));
}

/**
 * Gives a team member another role of the team. Demoting the last owner (or operator) is refused
 * with LAST_OWNER (LAST_OPERATOR). The new role takes effect on the account's next request.
 */
export async function changeMemberRole(db: Database, actor: Actor, team: Team, accountId: string, role: AccountRole) {
  assertTeamRole(team, role);
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: consoleAccounts.id, email: consoleAccounts.email, role: consoleAccounts.role })
      .from(consoleAccounts)
      .where(and(eq(consoleAccounts.id, accountId), inTeam(team)));
    if (!member) throw notFound("That console account");
    if (member.role === role) return member;
    await assertKeeperRemains(tx, team, member.id);
    const [changed] = await tx
      .update(consoleAccounts)
      .set({ role })
      .where(eq(consoleAccounts.id, member.id))
      .returning({ id: consoleAccounts.id, email: consoleAccounts.email, role: consoleAccounts.role });
    await recordAudit(tx, actor, {
      organizationId: teamOrganizationId(team),
      action: "account.role_change",
      targetType: "console_account",
      targetId: member.id,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role },
    });
    return changed!;
  });
}

/**
 * Removes a team member's console account. Its console sessions are deleted with it, so every
 * browser signed in to it is signed out on its next request. The last owner (operator) stays.
 */
export async function removeMember(db: Database, actor: Actor, team: Team, accountId: string) {
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: consoleAccounts.id, email: consoleAccounts.email, role: consoleAccounts.role })
      .from(consoleAccounts)
      .where(and(eq(consoleAccounts.id, accountId), inTeam(team)));
    if (!member) throw notFound("That console account");
    await assertKeeperRemains(tx, team, member.id);
    await tx.delete(consoleAccounts).where(eq(consoleAccounts.id, member.id));
    await recordAudit(tx, actor, {
      organizationId: teamOrganizationId(team),
      action: "account.remove",
      targetType: "console_account",
      targetId: member.id,
      before: { email: member.email, role: member.role },
    });
  });
}
