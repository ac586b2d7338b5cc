import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { AccountRole } from "@/db/schema";
import type { InvitationView } from "@/lib/people/invitations";
import type { TeamMember } from "@/lib/people/members";
import { InvitationsTable } from "./invitations-table";
import { InviteForm } from "./invite-form";
import { MembersTable } from "./members-table";

/** A team page's body: its console accounts, an invitation form (when allowed), its invitations. */
export function TeamPanel({
  organizationId,
  members,
  invitations,
  roles,
  canManage,
  canResetMfa,
  keeperSentence,
}: {
  organizationId?: string;
  members: TeamMember[];
  invitations: InvitationView[];
  roles: readonly AccountRole[];
  canManage: boolean;
  canResetMfa: boolean;
  keeperSentence: string;
}) {
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Console accounts" description={keeperSentence} />
        <MembersTable
          organizationId={organizationId}
          roles={roles}
          canManage={canManage}
          canResetMfa={canResetMfa}
          members={members.map((m) => ({
            id: m.id,
            email: m.email,
            role: m.role,
            hasMfa: m.hasMfa,
            lastSignIn: m.lastLoginAt,
          }))}
        />
      </Card>
      {canManage ? (
        <Card>
          <CardHeader
            title="Invite someone"
            description="They get a single-use link (72 hours) to choose a password and sign in."
          />
          <CardBody>
            <InviteForm organizationId={organizationId} roles={roles} />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Invitations" />
        {invitations.length === 0 ? (
          <EmptyState title="No invitations">
            Invitations appear here until they are used, revoked or expire.
          </EmptyState>
        ) : (
          <InvitationsTable
            organizationId={organizationId}
            canManage={canManage}
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              invitedBy: i.invitedBy,
              expires: i.expiresAt,
              state: i.state,
            }))}
          />
        )}
      </Card>
    </div>
  );
}
