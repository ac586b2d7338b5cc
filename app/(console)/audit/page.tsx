import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AuditFilterForm } from "@/components/audit/audit-filter";
import { AuditTable } from "@/components/audit/audit-table";
import { Pagination } from "@/components/audit/pagination";
import { OrganizationTime } from "@/components/ui/when";
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
import { auditNames } from "@/lib/console/audit-names";
import Link from "next/link";

export const metadata: Metadata = { title: "Audit" };

/** Whose log the page shows: the organization's (`?org=<id>`), or the vendor's own (`?org=vendor`, vendor staff only). */
async function resolveLog(
  params: SearchParams,
): Promise<{ log: string; timeZone: string; eyebrow: ReactNode; description: string; empty: string }> {
  if (params.org === VENDOR_LOG) {
    if (!isVendorStaff(await requireActor())) notFound();
    return {
      log: VENDOR_LOG,
      timeZone: "UTC",
      eyebrow: "Vendor",
      description:
        "Changes to the catalogue, plans, organizations and operator tokens, and refused attempts that concern no single organization. Newest first.",
      empty: "Every change to the catalogue is recorded here, with who made it.",
    };
  }
  const { actor, organization } = await requireOrganization(params, "/audit");
  return {
    log: organization.id,
    timeZone: organization.timeZone,
    eyebrow: (
      <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
    ),
    description:
      "Changes: every change to this organization and every refused console attempt, with who made it and the sentence they got. Client activity: what licensed applications did. Newest first.",
    empty: "Every change to this organization is recorded here, with who made it.",
  };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { log, timeZone, eyebrow, description, empty } = await resolveLog(params);
  const filter = parseAuditFilter(params);
  const db = getDb();
  const [{ rows, total, isTotalCapped }, vocabulary] = await Promise.all([
    auditPage(db, log, filter),
    auditVocabulary(db, log),
  ]);
  const names = await auditNames(db, rows);
  const query = auditFilterParams(log, filter);
  const isFiltered = query.size > (filter.view === "changes" ? 1 : 2);
  const tabs = [
    {
      view: "changes",
      label: "Changes",
      hint: "console accounts, operator tokens, the management API, scheduled changes",
    },
    { view: "activity", label: "Client activity", hint: "sessions, activations, heartbeat expiry" },
  ] as const;

  return (
    <OrganizationTime timeZone={timeZone}>
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
      <nav aria-label="Audit views" className="mb-4 flex flex-wrap gap-2">
        {tabs.map((t) => (
          <Link
            key={t.view}
            href={`/audit?${new URLSearchParams({ org: log, ...(t.view === "changes" ? {} : { view: t.view }) })}`}
            aria-current={filter.view === t.view ? "page" : undefined}
            title={t.hint}
            className={`rounded-md border px-3 py-1.5 text-sm font-medium ${filter.view === t.view ? "text-brand-800 border-brand-600 bg-brand-50" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <Card>
        <AuditFilterForm log={log} filter={filter} actions={vocabulary.actions} targetTypes={vocabulary.targetTypes} />
        {rows.length === 0 ? (
          <EmptyState title={isFiltered ? "No events match this filter" : "No changes recorded yet"}>
            {isFiltered ? "Widen the dates or clear the filter." : empty}
          </EmptyState>
        ) : (
          <AuditTable events={rows} names={names} />
        )}
        <Pagination
          page={filter.page}
          pageSize={AUDIT_PAGE_SIZE}
          total={total}
          isTotalCapped={isTotalCapped}
          params={query}
          path="/audit"
        />
      </Card>
    </OrganizationTime>
  );
}
