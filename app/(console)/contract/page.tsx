import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/console/format";
import { listContracts } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Contract" };

const statusTone = { active: "success", suspended: "warning", expired: "neutral" } as const;

export default async function ContractPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/contract");
  const contracts = await listContracts(getDb(), organization.id);

  return (
    <>
      <PageHeader
        title="Contract"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Contracts of this organization and their licence pools, with the bounds capacity may move within."
      />
      {contracts.length === 0 ? (
        <Card>
          <EmptyState title="No contracts">This organization has no contract yet. The vendor provisions contracts.</EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          {contracts.map((c) => (
            <Card key={c.id}>
              <CardHeader
                title={c.planName ?? "Custom contract"}
                description={`${formatDate(c.startsAt)} – ${c.endsAt ? formatDate(c.endsAt) : "no end date (perpetual)"}`}
                action={<Badge tone={statusTone[c.status]}>{c.status}</Badge>}
              />
              {c.pools.length === 0 ? (
                <EmptyState title="No licence pools">This contract holds no licence pools.</EmptyState>
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <Th>Module</Th>
                      <Th>Model</Th>
                      <Th className="text-right">In use</Th>
                      <Th className="text-right">Capacity</Th>
                      <Th className="text-right">Bounds</Th>
                      <Th className="text-right">Overage</Th>
                      <Th className="text-right">Device limit</Th>
                      <Th className="text-right">API connects</Th>
                      <Th>State</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {c.pools.map((p) => (
                      <Tr key={p.poolId}>
                        <Td className="font-medium text-slate-900">{p.moduleName}</Td>
                        <Td>{p.model}</Td>
                        <Td className="text-right tabular-nums">{p.inUse}</Td>
                        <Td className="text-right tabular-nums">{p.capacity}</Td>
                        <Td className="whitespace-nowrap text-right tabular-nums">
                          {p.minCapacity} – {p.maxCapacity ?? "no maximum"}
                        </Td>
                        <Td className="text-right tabular-nums">{p.overagePercent}%</Td>
                        <Td className="text-right tabular-nums">{p.activations.limit > 0 ? p.activations.limit : "—"}</Td>
                        <Td className="text-right tabular-nums">{p.apiConnects.limit > 0 ? `${p.apiConnects.limit} / month` : "—"}</Td>
                        <Td>
                          <PoolStateBadge state={p.state} />
                        </Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              )}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
