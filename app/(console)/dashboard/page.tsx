import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { DirectoryShortageBanner } from "@/components/dashboard/directory-shortage-banner";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { RenewalNotices } from "@/components/dashboard/renewal-notice";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { isVendorStaff } from "@/lib/auth/permissions";
import { dashboardData } from "@/lib/console/dashboard-queries";
import { contractTimelines } from "@/lib/console/renewal-queries";
import { renewalNotices } from "@/lib/console/renewals";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { directoryShortagesToday } from "@/lib/scim/log";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/dashboard");
  // Rendered on the server first; the client then keeps it live by polling /dashboard/data.
  const db = getDb();
  const [data, timelines, shortages] = await Promise.all([
    dashboardData(db, organization.id),
    contractTimelines(db, organization.id),
    directoryShortagesToday(db, organization.id),
  ]);

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Dashboard"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="Licence pools of the contracts in force, and what each holds right now."
      />
      <DirectoryShortageBanner organizationId={organization.id} shortages={shortages} />
      <RenewalNotices organizationId={organization.id} notices={renewalNotices(timelines, organization.timeZone)} />
      <LiveDashboard initialData={data} />
    </OrganizationTime>
  );
}
