import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDateTime, formatRelative } from "@/lib/console/format";
import { listLiveSessions } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/sessions");
  const sessions = await listLiveSessions(getDb(), organization.id);
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Sessions"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Live connections whose heartbeat is still within its time limit, newest first."
      />
      <Card>
        {sessions.length === 0 ? (
          <EmptyState title="No live sessions">Sessions appear here while licensed applications are connected.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>User</Th>
                <Th>Module</Th>
                <Th>Client</Th>
                <Th>Device</Th>
                <Th>Started</Th>
                <Th>Last heartbeat</Th>
                <Th className="text-right">Weight</Th>
              </tr>
            </THead>
            <TBody>
              {sessions.map((s) => (
                <Tr key={s.id}>
                  <Td className="font-medium text-slate-900">{s.username ?? <span className="font-normal text-slate-400">Anonymous</span>}</Td>
                  <Td>{s.moduleName}</Td>
                  <Td>
                    <Badge>{s.clientType}</Badge>
                  </Td>
                  <Td className="max-w-48 truncate font-mono text-xs" title={s.deviceId}>
                    {s.deviceId}
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(s.startedAt)}</Td>
                  <Td className="whitespace-nowrap" title={formatDateTime(s.lastHeartbeatAt)}>
                    {formatRelative(s.lastHeartbeatAt, now)}
                  </Td>
                  <Td className="text-right tabular-nums">{s.weight}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
