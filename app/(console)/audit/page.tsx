import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
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
import { requireActor } from "@/lib/auth/session";
import {
  AUDIT_PAGE_SIZE,
  auditFilterParams,
  auditPage,
  auditVocabulary,
  parseAuditFilter,
  VENDOR_LOG,
} from "@/lib/console/audit-queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";

export const metadata: Metadata = { title: "Audit" };

/** Whose log the page shows: the organization's (`?org=<id>`), or the vendor's own (`?org=vendor`, vendor staff only). */
async function resolveLog(
  params: SearchParams,
): Promise<{ log: string; eyebrow: ReactNode; description: string; empty: string }> {
  if (params.org === VENDOR_LOG) {
    if (!isVendorStaff(await requireActor())) notFound();
    return {
      log: VENDOR_LOG,
      eyebrow: "Vendor",
      description:
        "Changes to the catalogue, plans, organizations and operator tokens, and refused attempts that concern no single organization. Newest first.",
      empty: "Every change to the catalogue is recorded here, with who made it.",
    };
  }
  const { actor, organization } = await requireOrganization(params, "/audit");
  return {
    log: organization.id,
    eyebrow: (
      <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
    ),
    description: "Every change to this organization, and every refused attempt, with who made it. Newest first.",
    empty: "Every change to this organization is recorded here, with who made it.",
  };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { log, eyebrow, description, empty } = await resolveLog(params);
  const filter = parseAuditFilter(params);
  const db = getDb();
  const [{ rows, total }, vocabulary] = await Promise.all([auditPage(db, log, filter), auditVocabulary(db, log)]);
  const query = auditFilterParams(log, filter);
  const isFiltered = query.size > 1;

  return (
    <>
      <PageHeader
        title={log === VENDOR_LOG ? "Vendor audit log" : "Audit log"}
        eyebrow={eyebrow}
        description={description}
        actions={
          <ButtonLink href={`/audit/export?${query}`} prefetch={false} download>
            Export CSV
          </ButtonLink>
        }
      />
      <Card>
        <AuditFilterForm log={log} filter={filter} actions={vocabulary.actions} targetTypes={vocabulary.targetTypes} />
        {rows.length === 0 ? (
          <EmptyState title={isFiltered ? "No events match this filter" : "No changes recorded yet"}>
            {isFiltered ? "Widen the dates or clear the filter." : empty}
          </EmptyState>
        ) : (
          <AuditTable events={rows} />
        )}
        <Pagination page={filter.page} pageSize={AUDIT_PAGE_SIZE} total={total} params={query} path="/audit" />
      </Card>
    </>
  );
}
