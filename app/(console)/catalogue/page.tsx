import type { Metadata } from "next";
import { CreateModuleForm } from "@/components/catalogue/create-module-form";
import { CreatePlanForm } from "@/components/catalogue/create-plan-form";
import { OperatorTokensPanel } from "@/components/catalogue/operator-tokens-panel";
import { PlansTable } from "@/components/catalogue/plans-table";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { VENDOR_LOG } from "@/lib/console/audit-queries";
import { listOperatorTokens } from "@/lib/console/catalogue-queries";
import { viewerLocale } from "@/lib/console/locale";
import { listCatalogue } from "@/lib/console/vendor-queries";

export const metadata: Metadata = { title: "Catalogue" };

export default async function CataloguePage() {
  const actor = await requireCan("organizations.read");
  const db = getDb();
  const [{ modules, plans }, tokens, locale] = await Promise.all([
    listCatalogue(db),
    listOperatorTokens(db),
    viewerLocale(),
  ]);
  const canManage = can(actor, "catalogue.manage");
  const canManageTokens = can(actor, "tokens.manage");

  return (
    <>
      <PageHeader
        title="Catalogue"
        description={
          canManage
            ? "The modules the vendor licenses, the plans contracts are made from, and the tokens of the management API."
            : "The modules the vendor licenses, the plans contracts are made from, and the tokens of the management API. Read-only for your role."
        }
        actions={
          <>
            <ButtonLink href="/catalogue/webhooks">Webhooks</ButtonLink>
            <ButtonLink href={`/audit?org=${VENDOR_LOG}`}>Vendor audit log</ButtonLink>
          </>
        }
      />
      <div className="space-y-6">
        <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <Card>
            <CardHeader title="Modules" description={`${modules.length} module${modules.length === 1 ? "" : "s"}`} />
            {canManage ? (
              <CardBody className="border-b border-slate-100">
                <CreateModuleForm />
              </CardBody>
            ) : null}
            {modules.length === 0 ? (
              <EmptyState title="No modules yet">
                Modules appear here once the vendor adds them to the catalogue.
              </EmptyState>
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
            <CardHeader
              title="Plans"
              description="Per module: pool model, included capacity and the most that can be bought."
            />
            {plans.length === 0 ? (
              <EmptyState title="No plans yet">
                Plans are templates for contracts; they appear here once created.
              </EmptyState>
            ) : (
              <PlansTable plans={plans} locale={locale} />
            )}
          </Card>
        </div>
        {canManage ? (
          <Card>
            <CardHeader
              title="New plan"
              description="A contract made from it gets one pool per module, with these defaults."
            />
            <CardBody>
              <CreatePlanForm modules={modules} />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader
            title="Operator tokens"
            description="Secrets for the management API (CRM/ERP provisioning). Shown once when created."
          />
          <OperatorTokensPanel tokens={tokens} canManage={canManageTokens} />
        </Card>
      </div>
    </>
  );
}
