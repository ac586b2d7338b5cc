import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TeamPanel } from "@/components/people/team-panel";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { listInvitations } from "@/lib/people/invitations";
import { listTeamMembers } from "@/lib/people/members";
import { vendorRoles } from "@/lib/people/teams";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const actor = await requireActor();
  if (!isVendorStaff(actor)) notFound();
  const [members, invitations] = await Promise.all([
    listTeamMembers(getDb(), "vendor"),
    listInvitations(getDb(), "vendor"),
  ]);
  return (
    <>
      <PageHeader
        title="Staff"
        description="The vendor's operators and support staff. Operators manage them; support staff see this list."
      />
      <TeamPanel
        members={members}
        invitations={invitations}
        roles={vendorRoles}
        canManage={can(actor, "people.manage", null)}
        canResetMfa={can(actor, "mfa.reset", null)}
        keeperSentence="The vendor always keeps at least one operator."
      />
    </>
  );
}
