import "server-only";
import { publicOrigin } from "@/lib/auth/public-origin";
import type { Actor } from "@/lib/licensing/actor";
import { recordRefusal } from "@/lib/licensing/audit";
import { isLicensingError, notFound } from "@/lib/licensing/errors";
import { isUuid } from "@/lib/licensing/input";
import type { Database } from "@/db/client";
import { getOrganization } from "@/lib/console/queries";
import { inviteByMail, listInvitations, revokeInvitation, type InvitationView } from "@/lib/people/invitations";
import { invitationCreateInput } from "@/lib/validation/people";
import { json, noContent, route } from "./route";
import { invitationCreatedResponse, invitationsResponse } from "./schemas";

/** A refused change to an organization's people is an audit event with its code, as in the console. */
async function audited<T>(db: Database, actor: Actor, organizationId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isLicensingError(e) && e.code !== "NOT_FOUND") {
      await recordRefusal(db, actor, {
        organizationId,
        targetType: "invitation",
        after: { code: e.code, message: e.message },
      });
    }
    throw e;
  }
}

const shown = ({ organizationId, ...invitation }: InvitationView) => {
  void organizationId;
  return invitation;
};

export const manageInvitationRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/organizations/{id}/invitations",
    operationId: "createInvitation",
    tag: "Invitations",
    summary: "Invite an owner or admin of an organization",
    description:
      "Creates a single-use link (`/invite/<token>`, 72 hours) to a new console account with this e-mail and role. The link is in this answer only; it is also e-mailed when mail is configured (`mail` says whether it was).",
    body: invitationCreateInput,
    bodyExample: { email: "owner@acme.test", role: "owner" },
    responses: { 201: { description: "Invited", schema: invitationCreatedResponse } },
    refusals: ["NOT_FOUND", "CONFLICT", "INVALID"],
    handle: async ({ db, actor, body, params, req }) => {
      const team = { organizationId: params.id };
      const origin = publicOrigin(new URL(req.url), req.headers);
      const { invitation, url, mail } = await audited(db, actor, params.id, () =>
        inviteByMail(db, actor, team, body, origin),
      );
      return json({ invitation: { ...shown(invitation), url }, mail: mail.sent ? "sent" : mail.reason }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/organizations/{id}/invitations",
    operationId: "listInvitations",
    tag: "Invitations",
    summary: "An organization's invitations, newest first",
    description: "With their state (pending, accepted, expired, revoked); never their links.",
    responses: { 200: { description: "The invitations", schema: invitationsResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => {
      if (!(await getOrganization(db, params.id))) throw notFound("The organization");
      const invitations = await listInvitations(db, { organizationId: params.id });
      return json({ invitations: invitations.map(shown) });
    },
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/organizations/{id}/invitations/{invitationId}",
    operationId: "revokeInvitation",
    tag: "Invitations",
    summary: "Revoke an invitation",
    description: "Its link stops working at once. Revoking a revoked invitation answers 204 again.",
    responses: { 204: { description: "Revoked" } },
    refusals: ["NOT_FOUND", "CONFLICT"],
    handle: async ({ db, actor, params }) => {
      if (!isUuid(params.invitationId)) throw notFound("That invitation");
      await audited(db, actor, params.id, () =>
        revokeInvitation(db, actor, { organizationId: params.id }, params.invitationId),
      );
      return noContent();
    },
  }),
];
