import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ContractControls } from "@/components/catalogue/contract-controls";
import { lastDayIn } from "@/lib/licensing/holdings/contract-days";
import { CreateContractForm } from "@/components/catalogue/create-contract-form";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { formatContractPeriod, formatDate, sentenceCase } from "@/lib/console/format";
import { viewerLocale } from "@/lib/console/locale";
import { getOrganization, listContracts } from "@/lib/console/queries";
import { listCatalogue } from "@/lib/console/vendor-queries";
import { isUuid } from "@/lib/licensing/input";

export const metadata: Metadata = { title: "Organization" };

const statusTone = { active: "success", upcoming: "neutral", suspended: "warning", expired: "neutral" } as const;

/** An organization for vendor staff: its contracts (operators create, suspend, resume, end them). */
export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCan("organizations.read");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = getDb();
  const organization = await getOrganization(db, id);
  if (!organization) notFound();
  const [contracts, catalogue, locale] = await Promise.all([listContracts(db, id), listCatalogue(db), viewerLocale()]);
  const canManage = can(actor, "contracts.manage", { organizationId: id });

  return (
    <>
      <PageHeader
        title={organization.name}
        eyebrow={
          <Link href="/organizations" className="underline-offset-2 hover:underline">
            Organizations
          </Link>
        }
        description={`Site ${organization.siteId}, time zone ${organization.timeZone}; its dashboard, users and other areas are in the navigation under Organization. ${canManage ? "Contracts are made from a plan; suspending one ends its live sessions." : "Read-only: operators manage contracts."}`}
      />
      <div className="space-y-6">
        {contracts.length === 0 ? (
          <Card>
            <EmptyState title="No contracts yet">
              {canManage ? "Create the first contract from a plan below." : "Operators create contracts from a plan."}
            </EmptyState>
          </Card>
        ) : (
          contracts.map((c) => {
            const label = `${c.planName ?? "Custom contract"} (${formatDate(c.startsAt)})`;
            return (
              <Card key={c.id} aria-label={`Contract ${label}`}>
                <CardHeader
                  title={c.planName ?? "Custom contract"}
                  description={formatContractPeriod(c, organization.timeZone)}
                  action={
                    <Badge tone={statusTone[c.status]} data-testid="contract-status">
                      {sentenceCase(c.status)}
                    </Badge>
                  }
                />
                <CardBody className="space-y-4">
                  <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
                    {c.pools.map((p) => (
                      <li key={p.poolId} className="flex items-center gap-2">
                        <span className="font-medium text-slate-900">{p.moduleName}</span>
                        <span className="text-slate-500 tabular-nums">
                          {p.model}, {p.inUse} of {p.limit} (bounds {p.minCapacity}–{p.maxCapacity ?? "no max"})
                        </span>
                        <PoolStateBadge state={p.state} />
                      </li>
                    ))}
                  </ul>
                  {canManage ? (
                    <ContractControls
                      organizationId={id}
                      contract={{
                        id: c.id,
                        label,
                        status: c.status,
                        lastDay: c.endsAt ? lastDayIn(c.endsAt, organization.timeZone) : null,
                      }}
                    />
                  ) : null}
                </CardBody>
              </Card>
            );
          })
        )}
        {canManage ? (
          <Card>
            <CardHeader
              title="New contract"
              description="From a plan: each pool gets the plan's model and maximum, and a capacity from its included capacity (also its minimum) up to that maximum."
            />
            <CardBody>
              <CreateContractForm organizationId={id} plans={catalogue.plans} locale={locale} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
