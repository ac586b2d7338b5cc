import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { listProfiles } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/profiles");
  const profiles = await listProfiles(getDb(), organization.id);

  return (
    <>
      <PageHeader
        title="Profiles"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Each profile grants a set of modules to the users assigned to it."
      />
      <Card>
        {profiles.length === 0 ? (
          <EmptyState title="No profiles yet">Create a profile to grant modules to users. A profile without modules grants nothing.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Profile</Th>
                <Th>Modules granted</Th>
                <Th className="text-right">Members</Th>
              </tr>
            </THead>
            <TBody>
              {profiles.map((profile) => (
                <Tr key={profile.id}>
                  <Td className="font-medium text-slate-900">{profile.name}</Td>
                  <Td>
                    {profile.modules.length === 0 ? (
                      <span className="text-slate-400">No modules (grants nothing)</span>
                    ) : (
                      <span className="flex flex-wrap gap-1">
                        {profile.modules.map((m) => (
                          <Badge key={m} tone="brand">
                            {m}
                          </Badge>
                        ))}
                      </span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{profile.members}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
