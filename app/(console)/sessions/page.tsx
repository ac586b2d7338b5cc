import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { BorrowedSeats } from "@/components/sessions/borrowed-seats";
import { UrlFilterForm } from "@/components/sessions/filter-form";
import { LiveSessions } from "@/components/sessions/live-sessions";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { liveSessionsView, parseSessionFilter, poolOptions } from "@/lib/console/sessions-queries";
import { listBorrows } from "@/lib/licensing/borrow-admin";
import { clientTypes } from "@/lib/validation/licensing";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { actor, organization } = await requireOrganization(params, "/sessions");
  const filter = parseSessionFilter((name) =>
    typeof params[name] === "string" ? (params[name] as string) : undefined,
  );
  const db = getDb();
  const [initial, pools, borrows] = await Promise.all([
    liveSessionsView(db, organization.id, filter),
    poolOptions(db, organization.id),
    listBorrows(db, organization.id, { limit: 200 }),
  ]);
  const urlFilter = { pool: filter.poolId, client: filter.clientType };

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Sessions"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="Live connections whose heartbeat is still within its time limit, newest first. A session that misses its heartbeat drops out at once."
      />
      <Card>
        <UrlFilterForm
          key={`${urlFilter.pool ?? ""}:${urlFilter.client ?? ""}`}
          organizationId={organization.id}
          label="Filter sessions"
          selects={[
            {
              name: "pool",
              label: "Pool",
              value: urlFilter.pool,
              anyLabel: "All pools",
              options: pools.map((p) => ({ value: p.id, label: `${p.moduleName} (${p.model})` })),
            },
            {
              name: "client",
              label: "Client type",
              value: urlFilter.client,
              anyLabel: "All clients",
              options: clientTypes.map((c) => ({ value: c, label: c })),
            },
          ]}
        />
        <LiveSessions
          organizationId={organization.id}
          filter={urlFilter}
          initial={initial}
          canEnd={can(actor, "sessions.manage", { organizationId: organization.id })}
          isFiltered={Boolean(urlFilter.pool || urlFilter.client)}
        />
      </Card>
      <BorrowedSeats
        organizationId={organization.id}
        borrows={borrows}
        canRevoke={can(actor, "sessions.manage", { organizationId: organization.id })}
      />
    </OrganizationTime>
  );
}
