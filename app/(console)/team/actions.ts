"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { resetMfa } from "@/lib/auth/mfa/factors";
import { publicOrigin } from "@/lib/auth/public-origin";
import { consoleAction } from "@/lib/console/action";
import { inviteByMail, revokeInvitation } from "@/lib/people/invitations";
import { changeMemberRole, removeMember } from "@/lib/people/members";
import { issueResetLink } from "@/lib/people/password-resets";
import type { Team } from "@/lib/people/teams";
import { roles } from "@/lib/validation/accounts";

// The team pages' changes: an organization's people (organizationId given) or the vendor's
// staff (none). Who may is checked by consoleAction (people.manage) on the server; the domain
// then finds only accounts of that team.

const teamInput = { organizationId: z.uuid().optional() };
const teamOf = (input: { organizationId?: string }): Team =>
  input.organizationId ? { organizationId: input.organizationId } : "vendor";
const common = {
  permission: "people.manage" as const,
  organizationOf: (i: { organizationId?: string }) => i.organizationId ?? null,
  revalidate: ["/team", "/staff"],
};

async function consoleOrigin() {
  const h = await headers();
  return publicOrigin(new URL(`http://${h.get("host") ?? "localhost"}`), h);
}

export const inviteAction = consoleAction(
  {
    ...common,
    input: z.object({
      ...teamInput,
      email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
      role: z.enum(roles, { message: "Choose a role" }),
    }),
    refusalFields: { CONFLICT: "email" },
  },
  async ({ db, actor, input }) => {
    const { invitation, url, mail } = await inviteByMail(db, actor, teamOf(input), input, await consoleOrigin());
    return { email: invitation.email, url, mail: mail.sent ? ("sent" as const) : mail.reason };
  },
);

export const revokeInvitationAction = consoleAction(
  { ...common, input: z.object({ ...teamInput, invitationId: z.uuid() }), success: "Invitation revoked." },
  async ({ db, actor, input }) => {
    await revokeInvitation(db, actor, teamOf(input), input.invitationId);
  },
);

export const changeRoleAction = consoleAction(
  {
    ...common,
    input: z.object({ ...teamInput, accountId: z.uuid(), role: z.enum(roles, { message: "Choose a role" }) }),
    success: "Role changed.",
  },
  async ({ db, actor, input }) => {
    await changeMemberRole(db, actor, teamOf(input), input.accountId, input.role);
  },
);

export const removeMemberAction = consoleAction(
  { ...common, input: z.object({ ...teamInput, accountId: z.uuid() }), success: "Account removed; it is signed out." },
  async ({ db, actor, input }) => {
    await removeMember(db, actor, teamOf(input), input.accountId);
  },
);

export const resetLinkAction = consoleAction(
  { ...common, input: z.object({ ...teamInput, accountId: z.uuid() }) },
  async ({ db, actor, input }) => {
    const link = await issueResetLink(db, actor, teamOf(input), input.accountId, await consoleOrigin());
    return { email: link.email, url: link.url };
  },
);

/** Operators only (mfa.reset): the account's factors and recovery codes go; it enrols again. */
export const resetMfaAction = consoleAction(
  {
    ...common,
    permission: "mfa.reset" as const,
    input: z.object({ ...teamInput, accountId: z.uuid() }),
    success: "Two-factor sign-in reset; the account enrols again at its next sign-in if it must.",
  },
  async ({ db, actor, input }) => {
    await resetMfa(db, actor, input.accountId);
  },
);
