import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/console/format";
import { listUsers } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Users" };

const credentialTone = { issued: "success", none: "neutral", revoked: "danger" } as const;

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/users");
  const { rows, total } = await listUsers(getDb(), organization.id);

  return (
    <>
      <PageHeader
        title="Users"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description={
          total > rows.length ? `The first ${rows.length} of ${total} users, by username.` : `${total} user${total === 1 ? "" : "s"}, by username.`
        }
      />
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No users yet">People who use the licensed product appear here once they are created or imported.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Username</Th>
                <Th>Email</Th>
                <Th>Profile</Th>
                <Th>Status</Th>
                <Th>Credentials</Th>
                <Th>Valid to</Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((user) => (
                <Tr key={user.id}>
                  <Td className="font-medium text-slate-900">{user.username}</Td>
                  <Td>{user.email}</Td>
                  <Td>{user.profileName ?? <span className="text-slate-400">No profile</span>}</Td>
                  <Td>
                    <Badge tone={user.status === "active" ? "success" : "neutral"}>{user.status}</Badge>
                  </Td>
                  <Td>
                    <Badge tone={credentialTone[user.credentials]}>{user.credentials}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">{user.validTo ? formatDate(user.validTo) : <span className="text-slate-400">No end</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
