import type { Metadata } from "next";
import Link from "next/link";
import { CreateOrganizationForm } from "@/components/catalogue/create-organization-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { searchOrganizations } from "@/lib/console/catalogue-queries";
import type { SearchParams } from "@/lib/console/scope";
import { timeZoneChoices } from "@/lib/console/time-zones";

export const metadata: Metadata = { title: "New organization" };

/** Operators create an organization; a search first shows whether it already exists. */
export default async function NewOrganizationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireCan("organizations.read");
  const raw = (await searchParams).q;
  const q = typeof raw === "string" ? raw.trim().slice(0, 100) : "";
  const matches = q ? await searchOrganizations(getDb(), q) : [];
  const canCreate = can(actor, "catalogue.manage");

  return (
    <>
      <PageHeader
        title="New organization"
        eyebrow={
          <Link href="/organizations" className="underline-offset-2 hover:underline">
            Organizations
          </Link>
        }
        description="Search first: the customer may already have an organization."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Search organizations" description="By name or site ID." />
          <CardBody className="space-y-4">
            <form method="get" className="flex items-end gap-2" role="search">
              <InputField label="Name or site ID" name="q" defaultValue={q} className="flex-1" />
              <Button type="submit" variant="secondary">
                Search
              </Button>
            </form>
            {q ? (
              matches.length === 0 ? (
                <p className="text-sm text-slate-500">No organization matches “{q}”.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm" aria-label="Matching organizations">
                  {matches.map((o) => (
                    <li key={o.id} className="flex items-center justify-between gap-2 py-2">
                      <Link
                        href={`/organizations/${o.id}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {o.name}
                      </Link>
                      <span className="font-mono text-xs text-slate-500">{o.siteId}</span>
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Create organization"
            description={
              canCreate ? "Then add its contract from a plan." : "Read-only: operators create organizations."
            }
          />
          <CardBody>
            {canCreate ? (
              <CreateOrganizationForm timeZones={timeZoneChoices()} />
            ) : (
              <p className="text-sm text-slate-500">Your role can look organizations up but not create them.</p>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
