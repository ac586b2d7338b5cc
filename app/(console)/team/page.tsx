import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { TeamPanel } from "@/components/people/team-panel";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { listInvitations } from "@/lib/people/invitations";
import { listTeamMembers } from "@/lib/people/members";
import { organizationRoles } from "@/lib/people/teams";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/team");
  const team = { organizationId: organization.id };
  const [members, invitations] = await Promise.all([listTeamMembers(getDb(), team), listInvitations(getDb(), team)]);
  const canManage = can(actor, "people.manage", team);
  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Team"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description={
          canManage
            ? "The owners and admins who sign in to this organization's console. Owners manage them; admins see this list."
            : "The owners and admins who sign in to this organization's console. Only owners (and the vendor's operators) change them."
        }
      />
      <TeamPanel
        organizationId={organization.id}
        members={members}
        invitations={invitations}
        roles={organizationRoles}
        canManage={canManage}
        canResetMfa={can(actor, "mfa.reset", { organizationId: organization.id })}
        keeperSentence="An organization always keeps at least one owner."
      />
    </OrganizationTime>
  );
}
