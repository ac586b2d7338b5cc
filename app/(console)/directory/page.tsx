import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { DirectoryMapping } from "@/components/directory/directory-mapping";
import { ProvisioningLog } from "@/components/directory/provisioning-log";
import { ScimTokensPanel } from "@/components/directory/scim-tokens-panel";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { publicOrigin } from "@/lib/auth/public-origin";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { listScimTokens } from "@/lib/licensing/tokens";
import { listScimRequests, scimOutcomes, scimTokenNames, type ScimLogFilter } from "@/lib/scim/log";

export const metadata: Metadata = { title: "Directory" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

function logFilter(raw: SearchParams): ScimLogFilter {
  const outcome = scimOutcomes.find((o) => o === one(raw.outcome));
  const token = one(raw.token);
  const before = Number(one(raw.before));
  return {
    outcome,
    tokenId: token && /^[0-9a-f-]{36}$/i.test(token) ? token : undefined,
    q: one(raw.q)?.slice(0, 200),
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  };
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const { actor, organization } = await requireOrganization(raw, "/directory");
  const db = getDb();
  const filter = logFilter(raw);
  const [tokens, names, log] = await Promise.all([
    listScimTokens(db, organization.id),
    scimTokenNames(db, organization.id),
    listScimRequests(db, organization.id, filter),
  ]);
  const requestHeaders = await headers();
  const tenantUrl = `${publicOrigin(new URL("http://localhost"), requestHeaders)}/scim/v2`;

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title="Directory"
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description="Your identity provider (Microsoft Entra ID, Okta, …) provisions users and groups here with SCIM 2.0. A change that needs more licences than there are is refused whole, and shows below."
      />
      <div className="space-y-6">
        <DirectoryMapping tenantUrl={tenantUrl} />
        <ScimTokensPanel
          organizationId={organization.id}
          tokens={tokens}
          canManage={can(actor, "directory.manage", { organizationId: organization.id })}
        />
        <Card>
          <CardHeader
            title="Provisioning log"
            description="Every SCIM request: the token that sent it, what it changed, and every refusal with its reason."
          />
          <ProvisioningLog
            scope={organization.id}
            filter={filter}
            tokens={names}
            rows={log.rows}
            nextBefore={log.nextBefore}
          />
        </Card>
      </div>
    </OrganizationTime>
  );
}
