import type { Metadata } from "next";
import Link from "next/link";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireCan } from "@/lib/auth/session";
import { nextArea, type SearchParams } from "@/lib/console/scope";
import { listOrganizations } from "@/lib/console/vendor-queries";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireCan("organizations.read");
  const { next } = await searchParams;
  const area = nextArea(next);
  const isChoosing = typeof next === "string";
  const organizations = await listOrganizations(getDb());

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Every customer organization, the one with the fullest pool first. Open one to see its console."
      />
      {isChoosing ? (
        <p role="status" className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-700">
          Choose an organization to open its {area.slice(1)} page.
        </p>
      ) : null}
      <Card>
        {organizations.length === 0 ? (
          <EmptyState title="No organizations yet">Organizations appear here once they are created in the catalogue or through the management API.</EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Organization</Th>
                <Th>Site ID</Th>
                <Th>Licence pools</Th>
                <Th className="text-right">Over limit</Th>
                <Th className="text-right">Near limit</Th>
              </tr>
            </THead>
            <TBody>
              {organizations.map((o) => (
                <Tr key={o.id}>
                  <Td>
                    <Link
                      href={`${area}?org=${o.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {o.name}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{o.siteId}</Td>
                  <Td>
                    {o.pools.length === 0 ? (
                      <span className="text-slate-400">None in force</span>
                    ) : (
                      <ul className="flex flex-col gap-1">
                        {o.pools.map((p) => (
                          <li key={p.poolId} className="flex items-center gap-2">
                            <span className="min-w-48">{p.moduleName}</span>
                            <span className="tabular-nums text-slate-500">
                              {p.inUse} of {p.limit}
                            </span>
                            {p.state !== "normal" ? <PoolStateBadge state={p.state} /> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                  <Td className="text-right">{o.overLimit > 0 ? <Badge tone="danger">{o.overLimit}</Badge> : <span className="text-slate-400">0</span>}</Td>
                  <Td className="text-right">{o.nearLimit > 0 ? <Badge tone="warning">{o.nearLimit}</Badge> : <span className="text-slate-400">0</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
