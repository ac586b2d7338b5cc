import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { PoolStateBadge } from "@/components/console/pool-state-badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UsageBar } from "@/components/ui/usage-bar";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { dashboardPools } from "@/lib/console/queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Dashboard" };

const modelLabel = { named: "Named users", concurrent: "Concurrent sessions" } as const;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/dashboard");
  const pools = await dashboardPools(getDb(), organization.id);
  const inForce = pools.filter((p) => p.contractStatus === "active");

  return (
    <>
      <PageHeader
        title="Dashboard"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Licence pools of the contracts in force, and what each holds right now."
      />
      {inForce.length === 0 ? (
        <Card>
          <EmptyState title="No licence pools in force">
            This organization has no active contract with licence pools. Pools appear here as soon as a contract is provisioned.
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Licence pools">
          {inForce.map((pool) => (
            <li key={pool.poolId}>
              <Card className="flex h-full flex-col gap-3 p-5" aria-label={pool.moduleName}>
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <h2 className="truncate font-semibold text-slate-900">{pool.moduleName}</h2>
                    <p className="text-xs text-slate-500">{modelLabel[pool.model]}</p>
                  </div>
                  <PoolStateBadge state={pool.state} />
                </div>
                <p className="text-sm text-slate-700">
                  <span className="text-2xl font-semibold tabular-nums text-slate-900">{pool.inUse}</span> of{" "}
                  <span className="tabular-nums">{pool.limit}</span> used
                </p>
                <UsageBar value={pool.inUse} max={pool.limit} state={pool.state} label={pool.moduleName} />
                <dl className="mt-auto grid grid-cols-2 gap-x-4 gap-y-1 pt-1 text-xs text-slate-500">
                  <dt>Capacity</dt>
                  <dd className="text-right tabular-nums text-slate-700">{pool.capacity}</dd>
                  {pool.limit !== pool.capacity ? (
                    <>
                      <dt>With {pool.overagePercent}% overage</dt>
                      <dd className="text-right tabular-nums text-slate-700">{pool.limit}</dd>
                    </>
                  ) : null}
                  {pool.activations.limit > 0 ? (
                    <>
                      <dt>Devices</dt>
                      <dd className="text-right tabular-nums text-slate-700">
                        {pool.activations.inUse} of {pool.activations.limit}
                      </dd>
                    </>
                  ) : null}
                  {pool.apiConnects.limit > 0 ? (
                    <>
                      <dt>API connects ({pool.apiConnects.period})</dt>
                      <dd className="text-right tabular-nums text-slate-700">
                        {pool.apiConnects.used} of {pool.apiConnects.limit}
                      </dd>
                    </>
                  ) : null}
                </dl>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
