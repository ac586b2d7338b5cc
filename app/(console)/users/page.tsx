import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { LazyImportDialog } from "@/components/users/lazy-import-dialog";
import { LazyNewUserDialog } from "@/components/users/lazy-new-user-dialog";
import { Pagination } from "@/components/users/pagination";
import { UsersTable } from "@/components/users/users-table";
import { UsersToolbar } from "@/components/users/users-toolbar";
import { withParams } from "@/components/users/url";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { listUsersPage, parseUserFilters, userChoices } from "@/lib/console/users-queries";
import { directoryGroupsGivingProfiles } from "@/lib/scim/directory-profiles";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const { actor, organization } = await requireOrganization(raw, "/users");
  const filters = parseUserFilters(raw);
  const db = getDb();
  const [{ rows, total, pageSize }, choices] = await Promise.all([
    listUsersPage(db, organization.id, filters),
    userChoices(db, organization.id),
  ]);
  const profileVia = Object.fromEntries(
    await directoryGroupsGivingProfiles(
      db,
      organization.id,
      rows.map((r) => r.id),
    ),
  );
  const canManage = can(actor, "users.manage", { organizationId: organization.id });
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filtered = ["q", "status", "profile", "module", "credentials", "expired", "seat", "over"].some(
    (k) => params[k],
  );
  const today = new Date().toISOString().slice(0, 10);

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Users"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="People who use the licensed product. A user holds a seat in each module their profile grants while active, with credentials issued and not past valid-to."
        actions={
          <>
            <a className={buttonClass("secondary")} href={`/users/export${withParams(params, {})}`} download>
              Export CSV
            </a>
            {canManage ? (
              <>
                <LazyImportDialog organizationId={organization.id} />
                <LazyNewUserDialog organizationId={organization.id} profiles={choices.profiles} />
              </>
            ) : null}
          </>
        }
      />
      <Card>
        <UsersToolbar choices={choices} />
        {rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No users match">Change the search or clear the filters to see more users.</EmptyState>
          ) : (
            <EmptyState title="No users yet">
              People who use the licensed product appear here once they are created or imported.
            </EmptyState>
          )
        ) : (
          <>
            <UsersTable
              rows={rows}
              organizationId={organization.id}
              profiles={choices.profiles}
              profileVia={profileVia}
              canManage={canManage}
              today={today}
            />
            <Pagination params={params} page={filters.page} pageSize={pageSize} total={total} />
          </>
        )}
      </Card>
    </OrganizationTime>
  );
}
