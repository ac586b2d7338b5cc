import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import Link from "next/link";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { ApiKeysPanel } from "@/components/contract/api-keys-panel";
import { ContractOutlook } from "@/components/contract/contract-outlook";
import { PoolsTable } from "@/components/contract/pools-table";
import { StartReview } from "@/components/reviews/start-review";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UnusedSeatsList } from "@/components/usage/unused-seats";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { listApiKeys, poolAutoReclaim, poolFloatingSettings } from "@/lib/console/contract-queries";
import { formatContractEnd, formatContractPeriod, sentenceCase } from "@/lib/console/format";
import { viewerLocale } from "@/lib/console/locale";
import { listContracts } from "@/lib/console/queries";
import { openAccessReviews } from "@/lib/licensing/access-reviews";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { UNUSED_SEAT_DAYS, unusedNamedSeats } from "@/lib/reports/unused-seats";

export const metadata: Metadata = { title: "Contract" };

const statusTone = { active: "success", upcoming: "neutral", suspended: "warning", expired: "neutral" } as const;

export default async function ContractPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/contract");
  const db = getDb();
  const [contracts, keys, locale, floating, unused, reviews, autoReclaim] = await Promise.all([
    listContracts(db, organization.id),
    listApiKeys(db, organization.id),
    viewerLocale(),
    poolFloatingSettings(db, organization.id),
    unusedNamedSeats(db, organization.id),
    openAccessReviews(db, organization.id),
    poolAutoReclaim(db, organization.id),
  ]);
  const unusedOf = (contractId: string) => unused.filter((u) => u.contractId === contractId);
  const target = { organizationId: organization.id };
  const canChangeCapacity = can(actor, "capacity.change", target);
  const canManageKeys = can(actor, "apiKeys.manage", target);
  const canReview = can(actor, "reviews.manage", target);
  const now = new Date();
  const reviewDue = new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const period = (c: (typeof contracts)[number]) => formatContractPeriod(c, organization.timeZone);

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Contract"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description={
          canChangeCapacity
            ? "Licence pools and their bounds. Change a pool's capacity within its bounds, never below what is in use; a decrease can wait for renewal."
            : "Licence pools and their bounds. The contract owner changes capacity and API keys."
        }
      />
      {contracts.length === 0 ? (
        <Card>
          <EmptyState title="No contracts">
            This organization has no contract yet. The vendor provisions contracts.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          {contracts.map((c) => (
            <Card
              key={c.id}
              id={`contract-${c.id}`}
              className="scroll-mt-6"
              aria-label={`Contract ${c.planName ?? "custom"}`}
            >
              <CardHeader
                title={c.planName ?? "Custom contract"}
                description={
                  c.endsAt
                    ? `${period(c)} · renews after ${formatContractEnd(c.endsAt, organization.timeZone)}`
                    : period(c)
                }
                action={<Badge tone={statusTone[c.status]}>{sentenceCase(c.status)}</Badge>}
              />
              {c.pools.length === 0 ? (
                <EmptyState title="No licence pools">This contract holds no licence pools.</EmptyState>
              ) : (
                <PoolsTable
                  organizationId={organization.id}
                  contractId={c.id}
                  renewsAt={c.endsAt}
                  pools={c.pools}
                  canChange={canChangeCapacity && c.status !== "expired"}
                  locale={locale}
                  floating={floating.settings}
                  autoReclaim={autoReclaim}
                  profiles={floating.profiles}
                />
              )}
              {unusedOf(c.id).length ? (
                <div className="border-t border-slate-100 px-5 py-4">
                  <h3 className="text-sm font-semibold text-slate-900">Named seats nobody uses</h3>
                  <div className="mt-2">
                    <UnusedSeatsList
                      pools={unusedOf(c.id)}
                      organizationId={organization.id}
                      days={UNUSED_SEAT_DAYS}
                      locale={locale}
                    />
                  </div>
                  <ul className="mt-3 space-y-3" aria-label="Access reviews">
                    {unusedOf(c.id).map((p) => {
                      const open = reviews.get(p.poolId);
                      return (
                        <li key={p.poolId} className="text-sm text-slate-700">
                          {open ? (
                            <Link
                              href={`/reviews/${open}?org=${organization.id}`}
                              className="font-medium text-brand-700 underline underline-offset-2"
                            >
                              {`Open the access review of ${p.moduleName}`}
                            </Link>
                          ) : canReview ? (
                            <>
                              <span className="font-medium text-slate-900">{p.moduleName}:</span> review who keeps these
                              seats
                              <StartReview
                                organizationId={organization.id}
                                poolId={p.poolId}
                                moduleName={p.moduleName}
                                defaultDue={reviewDue}
                              />
                            </>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ) : null}
              <ContractOutlook contract={c} contracts={contracts} timeZone={organization.timeZone} locale={locale} />
            </Card>
          ))}
          <ApiKeysPanel
            organizationId={organization.id}
            contracts={contracts
              .filter((c) => c.status !== "expired")
              .map((c) => ({ id: c.id, label: `${c.planName ?? "Custom contract"}, ${period(c)}` }))}
            keys={keys}
            canManage={canManageKeys}
          />
        </div>
      )}
    </OrganizationTime>
  );
}
