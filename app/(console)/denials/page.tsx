import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { DenialsFilterForm } from "@/components/denials/denials-filter";
import { DenialsTable } from "@/components/denials/denials-table";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import {
  ALL_ORGANIZATIONS,
  denialCodes,
  denialFilterParams,
  denialPools,
  denialsPage,
  parseDenialFilter,
} from "@/lib/console/denials-queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Denials" };

/** Whose denials: one organization's (`?org=<id>`), or every organization's (`?org=all`, vendor staff only). */
async function resolveScope(params: SearchParams): Promise<{ scope: string; timeZone: string; eyebrow: ReactNode }> {
  if (params.org === ALL_ORGANIZATIONS) {
    if (!isVendorStaff(await requireActor())) notFound();
    return { scope: ALL_ORGANIZATIONS, timeZone: "UTC", eyebrow: "Vendor · every organization" };
  }
  const { actor, organization } = await requireOrganization(params, "/denials");
  return {
    scope: organization.id,
    timeZone: organization.timeZone,
    eyebrow: (
      <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
    ),
  };
}

export default async function DenialsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { scope, timeZone, eyebrow } = await resolveScope(params);
  const filter = parseDenialFilter(params);
  const db = getDb();
  const [page, pools] = await Promise.all([denialsPage(db, scope, filter), denialPools(db, scope)]);
  const query = denialFilterParams(scope, filter);
  const isFiltered = query.size > 1;
  const link = (key: "before" | "after", cursor: string) => {
    const next = new URLSearchParams(query);
    next.set(key, cursor);
    return `/denials?${next}`;
  };
  const pageLink =
    "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50";

  return (
    <OrganizationTime timeZone={timeZone}>
      <PageHeader
        title={scope === ALL_ORGANIZATIONS ? "Denials in every organization" : "Denials"}
        eyebrow={eyebrow}
        description="Every refused request of a licensed application or console change: when, which pool, who or which device, the code and the sentence they got. Newest first."
        actions={
          <>
            {scope !== ALL_ORGANIZATIONS && isVendorStaff(await requireActor()) ? (
              <ButtonLink href={`/denials?org=${ALL_ORGANIZATIONS}`} variant="ghost">
                Every organization
              </ButtonLink>
            ) : null}
            <ButtonLink href={`/denials/export?${query}`} prefetch={false} download>
              Export CSV
            </ButtonLink>
          </>
        }
      />
      <Card>
        <DenialsFilterForm scope={scope} filter={filter} pools={pools} codes={denialCodes} />
        {page.rows.length === 0 ? (
          <EmptyState title={isFiltered ? "No denials match this filter" : "No denials recorded"}>
            {isFiltered
              ? "Widen the dates or clear the filter."
              : "When a licensed application or a change is refused, it is listed here with the reason."}
          </EmptyState>
        ) : (
          <DenialsTable rows={page.rows} showOrganization={scope === ALL_ORGANIZATIONS} />
        )}
        <nav
          aria-label="Pages"
          className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 px-5 py-3 text-sm text-slate-600"
        >
          <p data-testid="denials-total">
            {page.isTotalCapped ? `More than ${page.total.toLocaleString("en")}` : page.total.toLocaleString("en")}{" "}
            {page.total === 1 ? "denial" : "denials"}
          </p>
          <div className="flex items-center gap-2">
            {filter.before || filter.after ? (
              <Link href={`/denials?${query}`} className={pageLink}>
                Newest
              </Link>
            ) : null}
            {page.previousCursor ? (
              <Link href={link("after", page.previousCursor)} className={pageLink} rel="prev">
                Newer
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link href={link("before", page.nextCursor)} className={pageLink} rel="next">
                Older
              </Link>
            ) : null}
          </div>
        </nav>
      </Card>
    </OrganizationTime>
  );
}
