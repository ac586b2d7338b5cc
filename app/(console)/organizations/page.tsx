import type { Metadata } from "next";
import { NewOrganizationLink } from "@/components/catalogue/new-organization-link";
import { LiveOrganizations } from "@/components/dashboard/live-organizations";
import { OrganizationSearch } from "@/components/dashboard/organization-search";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireCan } from "@/lib/auth/session";
import { vendorOverview } from "@/lib/console/overview-queries";
import { nextArea, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Organizations" };

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireCan("organizations.read");
  const params = await searchParams;
  const area = nextArea(params.next);
  const isChoosing = typeof params.next === "string";
  const overview = await vendorOverview(getDb(), { search: text(params.q), page: Number(text(params.page)) || 1 });

  const pageHref = (page: number) => {
    const query = new URLSearchParams();
    if (overview.search) query.set("q", overview.search);
    if (isChoosing) query.set("next", area);
    if (page > 1) query.set("page", String(page));
    const s = query.toString();
    return s ? `/organizations?${s}` : "/organizations";
  };

  return (
    <>
      <PageHeader
        title="Organizations"
        actions={<NewOrganizationLink />}
        description="Every customer organization, the one with the worst licence pool first (over limit, full, near limit, then the highest use), live. Open one to see its console."
      />
      {isChoosing ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-700"
        >
          Choose an organization to open its {area.slice(1)} page.
        </p>
      ) : null}
      <OrganizationSearch search={overview.search} next={isChoosing ? area : undefined} />
      <Card>
        {overview.total === 0 ? (
          overview.search ? (
            <EmptyState
              title="No organization matches"
              action={
                <ButtonLink href={isChoosing ? `/organizations?next=${encodeURIComponent(area)}` : "/organizations"}>
                  Show all organizations
                </ButtonLink>
              }
            >
              No organization has “{overview.search}” in its name or site ID.
            </EmptyState>
          ) : (
            <EmptyState title="No organizations yet">
              Organizations appear here once they are created in the catalogue or through the management API.
            </EmptyState>
          )
        ) : (
          <>
            <LiveOrganizations initialData={overview} area={area} isChoosing={isChoosing} />
            <nav
              aria-label="Pages"
              className="flex items-center justify-between gap-4 border-t border-slate-100 px-4 py-3 text-sm text-slate-600"
            >
              <span>
                {overview.total} {overview.total === 1 ? "organization" : "organizations"}
                {overview.pageCount > 1 ? ` · page ${overview.page} of ${overview.pageCount}` : ""}
              </span>
              {overview.pageCount > 1 ? (
                <span className="flex gap-2">
                  {overview.page > 1 ? <ButtonLink href={pageHref(overview.page - 1)}>Previous</ButtonLink> : null}
                  {overview.page < overview.pageCount ? (
                    <ButtonLink href={pageHref(overview.page + 1)}>Next</ButtonLink>
                  ) : null}
                </span>
              ) : null}
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
