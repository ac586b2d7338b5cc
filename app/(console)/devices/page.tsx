import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDateTime, formatRelative } from "@/lib/console/format";
import { leaseState, type LeaseState } from "@/lib/console/lease-state";
import { listActivations } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Devices" };

const leaseBadge: Record<LeaseState, { tone: Tone; label: string }> = {
  valid: { tone: "success", label: "Valid" },
  expiring: { tone: "warning", label: "Expiring soon" },
  lapsed: { tone: "danger", label: "Lapsed" },
};

export default async function DevicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/devices");
  const activations = await listActivations(getDb(), organization.id);
  const now = new Date();

  return (
    <>
      <PageHeader
        title="Devices"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Device activations that have not been revoked, with the state of their offline lease."
      />
      <Card>
        {activations.length === 0 ? (
          <EmptyState title="No activated devices">Devices appear here when a licensed application activates them.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Device</Th>
                <Th>Platform</Th>
                <Th>Module</Th>
                <Th>User</Th>
                <Th>Activated</Th>
                <Th>Lease</Th>
              </tr>
            </THead>
            <TBody>
              {activations.map((a) => {
                const state = leaseBadge[leaseState(a.leaseExpiresAt, now)];
                return (
                  <Tr key={a.id}>
                    <Td>
                      <div className="font-medium text-slate-900">{a.name ?? "Unnamed device"}</div>
                      <div className="max-w-56 truncate font-mono text-xs text-slate-500" title={a.fingerprint}>
                        {a.fingerprint}
                      </div>
                    </Td>
                    <Td>
                      <Badge>{a.platform}</Badge>
                    </Td>
                    <Td>{a.moduleName}</Td>
                    <Td>{a.username ?? <span className="text-slate-400">—</span>}</Td>
                    <Td className="whitespace-nowrap">{formatDateTime(a.activatedAt)}</Td>
                    <Td className="whitespace-nowrap">
                      <Badge tone={state.tone}>{state.label}</Badge>
                      <div className="mt-1 text-xs text-slate-500" title={formatDateTime(a.leaseExpiresAt)}>
                        {a.leaseExpiresAt > now ? "ends" : "ended"} {formatRelative(a.leaseExpiresAt, now)}
                      </div>
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
