import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/console/format";
import { latestUsageSamples } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Usage" };

const averageFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

export default async function UsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/usage");
  const samples = await latestUsageSamples(getDb(), organization.id);

  return (
    <>
      <PageHeader
        title="Usage"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="The latest usage sample of each licence pool."
      />
      <Card>
        {samples.length === 0 ? (
          <EmptyState title="No usage samples yet">
            Samples appear while the server runs: each licence pool is sampled at least once a minute.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Module</Th>
                <Th>Sampled at</Th>
                <Th className="text-right">Peak in use</Th>
                <Th className="text-right">Average in use</Th>
                <Th className="text-right">Capacity</Th>
                <Th className="text-right">Devices</Th>
                <Th className="text-right">Denials</Th>
              </tr>
            </THead>
            <TBody>
              {samples.map((s) => (
                <Tr key={s.poolId}>
                  <Td className="font-medium text-slate-900">
                    {s.moduleName}
                    <span className="ml-2 text-xs font-normal text-slate-500">{s.model}</span>
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(s.bucket)}</Td>
                  <Td className="text-right tabular-nums">{s.peakInUse}</Td>
                  <Td className="text-right tabular-nums">{averageFormat.format(s.avgInUse)}</Td>
                  <Td className="text-right tabular-nums">{s.capacity}</Td>
                  <Td className="text-right tabular-nums">{s.activations}</Td>
                  <Td className="text-right tabular-nums">{s.denials}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
