import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { requireCan } from "@/lib/auth/session";
import { listCatalogue } from "@/lib/console/vendor-queries";

export const metadata: Metadata = { title: "Catalogue" };

export default async function CataloguePage() {
  await requireCan("organizations.read");
  const { modules, plans } = await listCatalogue(getDb());

  return (
    <>
      <PageHeader title="Catalogue" description="The modules the vendor licenses and the plans contracts are made from." />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader title="Modules" description={`${modules.length} module${modules.length === 1 ? "" : "s"}`} />
          {modules.length === 0 ? (
            <EmptyState title="No modules yet">Modules appear here once the vendor adds them to the catalogue.</EmptyState>
          ) : (
            <Table>
              <THead>
                <tr>
                  <Th>Name</Th>
                  <Th>Key</Th>
                </tr>
              </THead>
              <TBody>
                {modules.map((m) => (
                  <Tr key={m.id}>
                    <Td className="font-medium text-slate-900">{m.name}</Td>
                    <Td className="font-mono text-xs">{m.key}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Plans" description="Per module: pool model, included capacity and the most that can be bought." />
          {plans.length === 0 ? (
            <EmptyState title="No plans yet">Plans are templates for contracts; they appear here once created.</EmptyState>
          ) : (
            <Table>
              <THead>
                <tr>
                  <Th>Plan</Th>
                  <Th>Module</Th>
                  <Th>Model</Th>
                  <Th className="text-right">Included</Th>
                  <Th className="text-right">Maximum</Th>
                </tr>
              </THead>
              <TBody>
                {plans.flatMap((plan) =>
                  plan.modules.length === 0
                    ? [
                        <Tr key={plan.id}>
                          <Td className="font-medium text-slate-900">{plan.name}</Td>
                          <Td colSpan={4} className="text-slate-400">
                            No modules
                          </Td>
                        </Tr>,
                      ]
                    : plan.modules.map((m, i) => (
                        <Tr key={`${plan.id}:${m.moduleName}`}>
                          <Td className="font-medium text-slate-900">{i === 0 ? plan.name : null}</Td>
                          <Td>{m.moduleName}</Td>
                          <Td>
                            <Badge>{m.model}</Badge>
                          </Td>
                          <Td className="text-right tabular-nums">{m.includedCapacity}</Td>
                          <Td className="text-right tabular-nums">{m.maxCapacity ?? "No maximum"}</Td>
                        </Tr>
                      )),
                )}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
