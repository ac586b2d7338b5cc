import type { Metadata } from "next";
import { AuditFilterForm } from "@/components/audit/audit-filter";
import { AuditTable } from "@/components/audit/audit-table";
import { Pagination } from "@/components/audit/pagination";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { AUDIT_PAGE_SIZE, auditFilterParams, auditPage, auditVocabulary, parseAuditFilter } from "@/lib/console/audit-queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { actor, organization } = await requireOrganization(params, "/audit");
  const filter = parseAuditFilter(params);
  const db = getDb();
  const [{ rows, total }, vocabulary] = await Promise.all([auditPage(db, organization.id, filter), auditVocabulary(db, organization.id)]);
  const query = auditFilterParams(organization.id, filter);
  const isFiltered = query.size > 1;

  return (
    <>
      <PageHeader
        title="Audit log"
        eyebrow={<OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />}
        description="Every change to this organization, and every refused attempt, with who made it. Newest first."
        actions={
          <ButtonLink href={`/audit/export?${query}`} prefetch={false} download>
            Export CSV
          </ButtonLink>
        }
      />
      <Card>
        <AuditFilterForm organizationId={organization.id} filter={filter} actions={vocabulary.actions} targetTypes={vocabulary.targetTypes} />
        {rows.length === 0 ? (
          <EmptyState title={isFiltered ? "No events match this filter" : "No changes recorded yet"}>
            {isFiltered ? "Widen the dates or clear the filter." : "Every change to this organization is recorded here, with who made it."}
          </EmptyState>
        ) : (
          <AuditTable events={rows} />
        )}
        <Pagination page={filter.page} pageSize={AUDIT_PAGE_SIZE} total={total} params={query} path="/audit" />
      </Card>
    </>
  );
}
