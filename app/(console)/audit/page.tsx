import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/console/format";
import { AUDIT_PAGE_SIZE, listAuditEvents } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/audit");
  const events = await listAuditEvents(getDb(), organization.id);

  return (
    <>
      <PageHeader
        title="Audit log"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description={`The latest ${AUDIT_PAGE_SIZE} changes to this organization, newest first.`}
      />
      <Card>
        {events.length === 0 ? (
          <EmptyState title="No changes recorded yet">Every change to this organization is recorded here, with who made it.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>When</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
              </tr>
            </THead>
            <TBody>
              {events.map((e) => (
                <Tr key={e.id}>
                  <Td className="whitespace-nowrap">{formatDateTime(e.createdAt)}</Td>
                  <Td>
                    {e.actorLabel}
                    {e.actorType !== "account" && e.actorLabel !== e.actorType ? <span className="ml-2 text-xs text-slate-500">{e.actorType}</span> : null}
                  </Td>
                  <Td>
                    <Badge tone="brand" className="font-mono">
                      {e.action}
                    </Badge>
                  </Td>
                  <Td>
                    {e.targetType}
                    {e.targetId ? (
                      <span className="ml-2 font-mono text-xs text-slate-500" title={e.targetId}>
                        {e.targetId.slice(0, 8)}
                      </span>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
