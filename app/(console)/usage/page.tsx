import type { Metadata } from "next";
import Link from "next/link";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PoolHistoryCard } from "@/components/usage/pool-history";
import { RangeTabs } from "@/components/usage/range-tabs";
import { UnusedSeatsList } from "@/components/usage/unused-seats";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { usageHistory } from "@/lib/console/history-queries";
import { viewerLocale } from "@/lib/console/locale";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { bucketLabel, parseRange, rangeLabel, type UsageRange } from "@/lib/reports/ranges";
import { UNUSED_SEAT_DAYS, unusedNamedSeats } from "@/lib/reports/unused-seats";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { actor, organization } = await requireOrganization(params, "/usage");
  const range = parseRange(params.range);
  const [history, locale, unused] = await Promise.all([
    usageHistory(getDb(), organization.id, range),
    viewerLocale(),
    unusedNamedSeats(getDb(), organization.id),
  ]);
  const query = (r: UsageRange) => `org=${encodeURIComponent(organization.id)}&range=${r}`;
  const hasSamples = history.pools.some((p) => p.summary.peak !== null);

  return (
    <>
      <PageHeader
        title="Usage"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description={`Peak and average in use against capacity over the last ${rangeLabel[range]}, per ${bucketLabel[range]} (UTC), and the denials.`}
        actions={
          <>
            <RangeTabs current={range} hrefFor={(r) => `/usage?${query(r)}`} />
            {hasSamples ? (
              <ButtonLink href={`/usage/export?${query(range)}`} prefetch={false} download>
                Export CSV
              </ButtonLink>
            ) : null}
          </>
        }
      />
      {unused.length ? (
        <Card className="mb-4" aria-label="Named seats nobody uses">
          <CardHeader
            title="Named seats nobody uses"
            description={`Seats held by users with no session or activation of the module for ${UNUSED_SEAT_DAYS} days, at the pool's price.`}
          />
          <CardBody>
            <UnusedSeatsList pools={unused} organizationId={organization.id} days={UNUSED_SEAT_DAYS} locale={locale} />
            {can(actor, "reviews.manage", { organizationId: organization.id }) ? (
              <p className="mt-3 text-sm text-slate-700">
                Decide who keeps them with an{" "}
                <Link
                  href={`/contract?org=${organization.id}`}
                  className="font-medium text-brand-700 underline underline-offset-2"
                >
                  access review on the Contract page
                </Link>
                .
              </p>
            ) : null}
          </CardBody>
        </Card>
      ) : null}
      {!hasSamples ? (
        <Card>
          <EmptyState title="No usage samples yet">
            {history.pools.length === 0
              ? "This organization has no licence pools."
              : `Nothing was recorded in the last ${rangeLabel[range]}. Samples appear while the server runs: each licence pool is sampled every 15 seconds.`}
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {history.pools.map((pool) => (
            <PoolHistoryCard
              key={pool.poolId}
              pool={pool}
              range={range}
              locale={locale}
              organizationId={organization.id}
            />
          ))}
        </div>
      )}
    </>
  );
}
