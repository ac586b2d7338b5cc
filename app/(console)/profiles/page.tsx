import type { Metadata } from "next";
import Link from "next/link";
import { OverHolders } from "@/components/console/over-holders";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { PrecedenceList } from "@/components/directory/precedence-list";
import { NewProfileDialog } from "@/components/profiles/new-profile-dialog";
import { ProfileCard } from "@/components/profiles/profile-card";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { profilesOverview } from "@/lib/console/profiles-queries";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { directoryProfiles } from "@/lib/scim/precedence";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, organization } = await requireOrganization(await searchParams, "/profiles");
  const [overview, linked] = await Promise.all([
    profilesOverview(getDb(), organization.id),
    directoryProfiles(getDb(), organization.id),
  ]);
  const canManage = can(actor, "profiles.manage", { organizationId: organization.id });
  const named = overview.modules.filter((m) => m.limit !== null);

  return (
    <>
      <PageHeader
        title="Profiles"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="Each profile grants a set of modules to its members. A member holds a seat in each granted module while active, with credentials issued and not past valid-to."
        actions={canManage ? <NewProfileDialog organizationId={organization.id} modules={overview.modules} /> : null}
      />
      {named.length ? (
        <p className="mb-4 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600" aria-label="Named pools">
          {named.map((m) =>
            m.overHolders.length ? (
              <span key={m.key} className="text-red-800">
                <span className="font-medium">{m.name}</span>: {m.inUse} of {m.limit} seats in use, over the limit.{" "}
                <OverHolders organizationId={organization.id} holders={m.overHolders} /> (
                <Link
                  href={`/users?${new URLSearchParams({ org: organization.id, module: m.key, over: "yes" })}`}
                  className="font-medium underline underline-offset-2 hover:no-underline"
                >
                  every user over the limit
                </Link>
                )
              </span>
            ) : (
              <span key={m.key}>
                <span className="font-medium text-slate-800">{m.name}</span>: {m.inUse} of {m.limit} seats in use,{" "}
                {m.available} available
              </span>
            ),
          )}
          {overview.withoutProfile ? <span>{overview.withoutProfile} users have no profile</span> : null}
        </p>
      ) : null}
      {linked.length > 1 ? (
        <div className="mb-6">
          <PrecedenceList
            key={linked.map((p) => p.id).join(",")}
            organizationId={organization.id}
            profiles={linked}
            canManage={canManage}
          />
        </div>
      ) : null}
      {overview.profiles.length === 0 ? (
        <Card>
          <EmptyState title="No profiles yet">
            Create a profile to grant modules to users. A profile without modules grants nothing.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {overview.profiles.map((profile) => (
            // The key resets the switches when the saved modules change (after a save or another admin's change).
            <ProfileCard
              key={`${profile.id}:${profile.modules.join(",")}`}
              organizationId={organization.id}
              profile={profile}
              modules={overview.modules}
              canManage={canManage}
            />
          ))}
        </div>
      )}
    </>
  );
}
