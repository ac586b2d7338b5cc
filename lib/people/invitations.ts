import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consoleAccounts, invitations, organizations, type AccountRole } from "@/db/schema";
import { passwordProblem } from "@/lib/auth/password-policy";
import { hashPassword } from "@/lib/auth/passwords";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { LicensingError, notFound } from "@/lib/licensing/errors";
import { sendMail, type MailOutcome } from "@/lib/mail/send";
import { hashLinkToken, INVITATION_HOURS, isLinkToken, newLinkToken } from "./link-tokens";
import { invitationMail } from "./mail-messages";
import { assertTeamRole, teamOrganizationId, type Team } from "./teams";

export type InvitationView = {
  id: string;
  email: string;
  role: AccountRole;
  organizationId: string | null;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  state: "pending" | "accepted" | "expired" | "revoked";
};

const columns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  organizationId: invitations.organizationId,
  invitedBy: invitations.invitedBy,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  revokedAt: invitations.revokedAt,
};

type Row = { [K in keyof typeof columns]: (typeof invitations.$inferSelect)[K] };

function view(row: Row, now: Date): InvitationView {
  const { acceptedAt, revokedAt, ...rest } = row;
  const state = acceptedAt ? "accepted" : revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "pending";
  return { ...rest, state };
}

const inTeam = (team: Team) =>
  team === "vendor" ? isNull(invitations.organizationId) : eq(invitations.organizationId, team.organizationId);

const emailTaken = (email: string) => sql`lower(${consoleAccounts.email}) = ${email.toLowerCase()}`;

/**
 * Invites someone to a team by e-mail and role. The answer carries the link (`url`), shown to the
 * inviter once; only its hash is stored. An e-mail that already has a console account is refused
 * (one account per e-mail): change that account's role instead.
 */
export async function createInvitation(
  db: Database,
  actor: Actor,
  team: Team,
  input: { email: string; role: AccountRole },
  origin: string,
  now = new Date(),
) {
  assertTeamRole(team, input.role);
  const email = input.email.trim().toLowerCase();
  const { token, tokenHash } = newLinkToken();
  return db.transaction(async (tx) => {
    let organizationName: string | null = null;
    if (team !== "vendor") {
      const [org] = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, team.organizationId));
      if (!org) throw notFound("That organization");
      organizationName = org.name;
    }
    const [taken] = await tx.select({ id: consoleAccounts.id }).from(consoleAccounts).where(emailTaken(email));
    if (taken) {
      throw new LicensingError(
        "CONFLICT",
        `${email} already has a console account; change its role on its team page instead of inviting it.`,
      );
    }
    const [row] = await tx
      .insert(invitations)
      .values({
        organizationId: teamOrganizationId(team),
        email,
        role: input.role,
        tokenHash,
        invitedBy: actor.label,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_HOURS * 3_600_000),
      })
      .returning(columns);
    await recordAudit(tx, actor, {
      organizationId: row!.organizationId,
      action: "invitation.create",
      targetType: "invitation",
      targetId: row!.id,
      after: { email, role: input.role, expiresAt: row!.expiresAt },
    });
    return { invitation: view(row!, now), url: `${origin}/invite/${token}`, organizationName };
  });
}

/**
 * Invites and e-mails the link when mail is configured. The invitation stands whatever the mail
 * server answers; the outcome says whether the inviter must pass the link on themselves.
 */
export async function inviteByMail(
  db: Database,
  actor: Actor,
  team: Team,
  input: { email: string; role: AccountRole },
  origin: string,
  now = new Date(),
): Promise<{ invitation: InvitationView; url: string; mail: MailOutcome }> {
  const { invitation, url, organizationName } = await createInvitation(db, actor, team, input, origin, now);
  const mail = await sendMail(
    invitationMail({
      to: invitation.email,
      invitedBy: actor.label,
      role: invitation.role,
      organizationName,
      url,
      expiresAt: invitation.expiresAt,
    }),
  );
  return { invitation, url, mail };
}

/** A team's invitations, newest first (the link itself is never shown again). */
export async function listInvitations(db: Database, team: Team, now = new Date()): Promise<InvitationView[]> {
  const rows = await db
    .select(columns)
    .from(invitations)
    .where(inTeam(team))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  return rows.map((r) => view(r, now));
}

/** Revokes a pending invitation: its link stops working. Revoking it again changes nothing. */
export async function revokeInvitation(db: Database, actor: Actor, team: Team, invitationId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select(columns)
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), inTeam(team)))
      .for("update");
    if (!row) throw notFound("That invitation");
    if (row.acceptedAt)
      throw new LicensingError("CONFLICT", "That invitation was already accepted; remove the account instead.");
    if (row.revokedAt) return view(row, now);
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(eq(invitations.id, row.id))
      .returning(columns);
    await recordAudit(tx, actor, {
      organizationId: row.organizationId,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: row.id,
      before: { email: row.email, role: row.role },
    });
    return view(revoked!, now);
  });
}

/** What an invitation link leads to, for its page: the invitation, or why it can't be used. */
export type InvitationLink =
  | { state: "open"; email: string; role: AccountRole; organizationName: string | null; expiresAt: Date }
  | { state: "unknown" | "accepted" | "expired" | "revoked" | "account_exists" };

export async function invitationLink(db: Database, token: string, now = new Date()): Promise<InvitationLink> {
  if (!isLinkToken(token)) return { state: "unknown" };
  const [row] = await db
    .select({ ...columns, organizationName: organizations.name })
    .from(invitations)
    .leftJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, hashLinkToken(token)));
  if (!row) return { state: "unknown" };
  const { state } = view(row, now);
  if (state !== "pending") return { state };
  const [taken] = await db.select({ id: consoleAccounts.id }).from(consoleAccounts).where(emailTaken(row.email));
  if (taken) return { state: "account_exists" };
  return {
    state: "open",
    email: row.email,
    role: row.role,
    organizationName: row.organizationName,
    expiresAt: row.expiresAt,
  };
}

/** The sentence a link's page shows when it can't be used. */
export const invitationLinkSentences: Record<Exclude<InvitationLink["state"], "open">, string> = {
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation.",
  accepted: "This invitation has already been used. Sign in with the account it created.",
  expired: "This invitation has expired (links work for 72 hours). Ask whoever invited you for a new one.",
  revoked: "This invitation was withdrawn. Ask whoever invited you if you should have access.",
  account_exists: "A console account with this invitation's e-mail already exists. Sign in with it instead.",
};

/**
 * Accepts an invitation: creates the console account with the invited e-mail and role and a
 * password that passes the policy (or, for single sign-on, an unusable random one). The link is
 * taken by one conditional UPDATE, so of two tabs accepting at once exactly one makes an account
 * and the other is told the link was used.
 */
export async function acceptInvitation(
  db: Database,
  token: string,
  password: { password: string } | "sso",
  now = new Date(),
) {
  const link = await invitationLink(db, token, now);
  if (link.state !== "open")
    throw new LicensingError("CONFLICT", invitationLinkSentences[link.state], { state: link.state });
  if (password !== "sso") {
    const problem = passwordProblem(password.password, link.email);
    if (problem) throw new LicensingError("INVALID", problem, { field: "password" });
  }
  const passwordHash = await hashPassword(
    password === "sso" ? randomBytes(32).toString("base64url") : password.password,
  );
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(invitations.tokenHash, hashLinkToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning(columns);
    if (!taken) throw new LicensingError("CONFLICT", invitationLinkSentences.accepted, { state: "accepted" });
    const [exists] = await tx.select({ id: consoleAccounts.id }).from(consoleAccounts).where(emailTaken(taken.email));
    if (exists) {
      throw new LicensingError("CONFLICT", invitationLinkSentences.account_exists, { state: "account_exists" });
    }
    const [account] = await tx
      .insert(consoleAccounts)
      .values({ email: taken.email, passwordHash, role: taken.role, organizationId: taken.organizationId })
      .returning({
        id: consoleAccounts.id,
        email: consoleAccounts.email,
        role: consoleAccounts.role,
        organizationId: consoleAccounts.organizationId,
      });
    await tx.update(invitations).set({ accountId: account!.id }).where(eq(invitations.id, taken.id));
    const self: Actor = {
      type: "account",
      id: account!.id,
      label: account!.email,
      role: account!.role,
      organizationId: account!.organizationId,
    };
    await recordAudit(tx, self, {
      organizationId: taken.organizationId,
      action: "invitation.accept",
      targetType: "console_account",
      targetId: account!.id,
      after: { email: account!.email, role: account!.role, invitationId: taken.id, invitedBy: taken.invitedBy },
    });
    return account!;
  });
}
