import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { z } from "zod";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { DevicesTable, leaseBadge } from "@/components/devices/devices-table";
import { OfflineDeviceForm } from "@/components/devices/offline-device-form";
import { UrlFilterForm } from "@/components/sessions/filter-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { DEVICES_LIMIT, listDevices } from "@/lib/console/devices-queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { platforms } from "@/lib/validation/licensing";

export const metadata: Metadata = { title: "Devices" };

const leaseStates = ["valid", "expiring", "grace", "lapsed"] as const;
const filterInput = z.object({
  state: z.enum(leaseStates).optional().catch(undefined),
  platform: z.enum(platforms).optional().catch(undefined),
  poolId: z.uuid().optional().catch(undefined),
  live: z
    .literal("yes")
    .optional()
    .catch(undefined)
    .transform((v) => v === "yes"),
});

export default async function DevicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { actor, organization } = await requireOrganization(params, "/devices");
  const filter = filterInput.parse({
    state: params.state || undefined,
    platform: params.platform || undefined,
    poolId: params.pool || undefined,
    live: params.live || undefined,
  });
  const devices = await listDevices(getDb(), organization.id, filter);
  const canManage = can(actor, "devices.manage", { organizationId: organization.id });
  const isFiltered = Boolean(filter.state || filter.platform || filter.poolId || filter.live);

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Devices"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="Device activations that have not been revoked, with the state of their offline lease. Revoking one frees its licence at once."
      />
      {canManage ? (
        <Card className="mb-6">
          <h2 id="offline-device-heading" className="px-5 pt-5 text-base font-semibold text-slate-900">
            Activate an offline device
          </h2>
          <p className="px-5 pt-1 text-sm text-slate-600">
            For a device that never goes online: submit the activation request its application made (with the Seatkeeper
            SDK) and carry the licence file back. Renewal requests and release receipts are submitted here too.
          </p>
          <OfflineDeviceForm organizationId={organization.id} />
        </Card>
      ) : null}
      <Card>
        <UrlFilterForm
          key={`${filter.state ?? ""}:${filter.platform ?? ""}`}
          organizationId={organization.id}
          label="Filter devices"
          selects={[
            {
              name: "state",
              label: "Lease",
              value: filter.state,
              anyLabel: "Any lease state",
              options: leaseStates.map((s) => ({ value: s, label: leaseBadge[s].label })),
            },
            {
              name: "platform",
              label: "Platform",
              value: filter.platform,
              anyLabel: "All platforms",
              options: platforms.map((p) => ({ value: p, label: p })),
            },
          ]}
        />
        {devices.length === 0 ? (
          <EmptyState title={isFiltered ? "No devices match" : "No activated devices"}>
            {isFiltered
              ? "Clear the filter to see every activated device."
              : "Devices appear here when a licensed application activates them."}
          </EmptyState>
        ) : (
          <>
            <DevicesTable organizationId={organization.id} devices={devices} canRevoke={canManage} now={new Date()} />
            {devices.length === DEVICES_LIMIT ? (
              <p className="px-5 py-3 text-sm text-slate-500">
                Showing the newest {DEVICES_LIMIT}; filter to narrow the list.
              </p>
            ) : null}
          </>
        )}
      </Card>
    </OrganizationTime>
  );
}
