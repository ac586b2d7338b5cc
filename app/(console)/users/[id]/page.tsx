import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrganizationEyebrow } from "@/components/console/organization-eyebrow";
import { leaseBadge } from "@/components/devices/devices-table";
import { UserQuickActions } from "@/components/users/user-quick-actions";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { can, isVendorStaff } from "@/lib/auth/permissions";
import { formatDate, sentenceCase } from "@/lib/console/format";
import { When } from "@/components/ui/when";
import { leaseState } from "@/lib/console/lease-state";
import { requireOrganization, type SearchParams } from "@/lib/console/scope";
import { getUserDetail, userChoices } from "@/lib/console/users-queries";
import { auditPage, parseAuditFilter } from "@/lib/console/audit-queries";
import { denialsPage } from "@/lib/console/denials-queries";
import { DenialsTable } from "@/components/denials/denials-table";
import { AuditTable } from "@/components/audit/audit-table";

export const metadata: Metadata = { title: "User" };

const credentialTone = { issued: "success", none: "neutral", revoked: "danger" } as const;

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { actor, organization } = await requireOrganization(raw, "/users");
  const db = getDb();
  // A user of another organization answers not-found, like an unknown id (SPEC rule 14).
  const [detail, choices] = await Promise.all([
    getUserDetail(db, organization.id, id),
    userChoices(db, organization.id),
  ]);
  if (!detail) notFound();
  // Support's view of a user (SPEC §5): their latest denials and changes beside what they hold.
  const [denied, changes] = await Promise.all([
    denialsPage(db, organization.id, { user: detail.user.id }, 10),
    auditPage(db, organization.id, parseAuditFilter({ targetType: "user", targetId: detail.user.id })),
  ]);
  const denialsHref = `/denials?${new URLSearchParams({ org: organization.id, user: detail.user.id })}`;
  const changesHref = `/audit?${new URLSearchParams({ org: organization.id, targetType: "user", targetId: detail.user.id })}`;
  const { user, seats, overLimit, sessions, devices } = detail;
  const canManage = can(actor, "users.manage", { organizationId: organization.id });
  const back = `/users${isVendorStaff(actor) ? `?org=${organization.id}` : ""}`;
  const now = new Date();

  return (
    <OrganizationTime timeZone={organization.timeZone}>
      <PageHeader
        title={user.username}
        eyebrow={
          <OrganizationEyebrow name={organization.name} siteId={organization.siteId} canSwitch={isVendorStaff(actor)} />
        }
        description={
          <Link href={back} className="underline underline-offset-2 hover:text-slate-800">
            Back to users
          </Link>
        }
        actions={
          canManage ? (
            <UserQuickActions organizationId={organization.id} profiles={choices.profiles} user={user} />
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Account" />
          <CardBody>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-500">Email</dt>
              <dd className="break-all text-slate-900">{user.email}</dd>
              <dt className="text-slate-500">Profile</dt>
              <dd className="text-slate-900">{user.profileName ?? "No profile"}</dd>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <Badge tone={user.status === "active" ? "success" : "neutral"}>{sentenceCase(user.status)}</Badge>
              </dd>
              <dt className="text-slate-500">Credentials</dt>
              <dd>
                <Badge tone={credentialTone[user.credentials]}>{sentenceCase(user.credentials)}</Badge>
              </dd>
              <dt className="text-slate-500">Manager</dt>
              <dd className="text-slate-900">
                {user.managerId && user.managerName ? (
                  <Link
                    href={`/users/${user.managerId}?org=${organization.id}`}
                    className="font-medium text-brand-700 underline underline-offset-2"
                  >
                    {user.managerName}
                  </Link>
                ) : (
                  "No manager"
                )}
              </dd>
              <dt className="text-slate-500">Valid to</dt>
              <dd className="text-slate-900">{user.validTo ? formatDate(user.validTo) : "No end"}</dd>
              <dt className="text-slate-500">Created</dt>
              <dd className="text-slate-900">
                <When at={user.createdAt} />
              </dd>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Seats held"
            description="One seat in each named pool whose module the profile grants, while active, with credentials issued and not past valid-to."
          />
          {seats.length ? (
            <ul aria-label="Seats held" className="divide-y divide-slate-100">
              {seats.map((s) => (
                <li key={s.key} className="px-5 py-2.5 text-sm font-medium text-slate-900">
                  {s.name}
                  {overLimit.includes(s.name) ? (
                    <Badge tone="danger" className="ml-2" title={`Beyond the limit of ${s.name}`}>
                      over limit
                    </Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No seats held">This user takes no licence right now.</EmptyState>
          )}
        </Card>
      </div>
      <Card className="mt-6" aria-label="Live sessions">
        <CardHeader title="Live sessions" />
        {sessions.length ? (
          <Table>
            <THead>
              <tr>
                <Th>Module</Th>
                <Th>Client</Th>
                <Th>Device</Th>
                <Th>Started</Th>
                <Th>Last heartbeat</Th>
              </tr>
            </THead>
            <TBody>
              {sessions.map((s) => (
                <Tr key={s.id}>
                  <Td>{s.moduleName}</Td>
                  <Td>{sentenceCase(s.clientType)}</Td>
                  <Td className="font-mono text-xs">{s.deviceId}</Td>
                  <Td>
                    <When at={s.startedAt} />
                  </Td>
                  <Td>
                    <When at={s.lastHeartbeatAt} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        ) : (
          <EmptyState title="No live sessions" />
        )}
      </Card>
      <Card className="mt-6" aria-label="Devices">
        <CardHeader title="Devices" />
        {devices.length ? (
          <Table>
            <THead>
              <tr>
                <Th>Device</Th>
                <Th>Platform</Th>
                <Th>Module</Th>
                <Th>Lease</Th>
              </tr>
            </THead>
            <TBody>
              {devices.map((d) => {
                const state = leaseState(d.leaseExpiresAt, d.leaseDays, now);
                return (
                  <Tr key={d.id}>
                    <Td>
                      {d.name ?? "Unnamed"} <span className="font-mono text-xs text-slate-500">{d.fingerprint}</span>
                    </Td>
                    <Td>{d.platform}</Td>
                    <Td>{d.moduleName}</Td>
                    <Td>
                      <Badge tone={leaseBadge[state].tone}>{leaseBadge[state].label}</Badge>{" "}
                      <span className="text-xs text-slate-500">
                        ends <When at={d.leaseExpiresAt} />
                      </span>
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        ) : (
          <EmptyState title="No activated devices" />
        )}
      </Card>
      <Card className="mt-6" aria-label="Denials of this user">
        <CardHeader
          title="Denials"
          description="Refusals this user got, newest first."
          action={
            <Link href={denialsHref} className="text-sm font-medium text-brand-700 hover:underline">
              All denials of {user.username}
            </Link>
          }
        />
        {denied.rows.length ? (
          <DenialsTable rows={denied.rows} showOrganization={false} />
        ) : (
          <EmptyState title="No denials">Nothing this user asked for was refused.</EmptyState>
        )}
      </Card>
      <Card className="mt-6" aria-label="Changes to this user">
        <CardHeader
          title="Changes"
          description="Who changed this user, and what, newest first."
          action={
            <Link href={changesHref} className="text-sm font-medium text-brand-700 hover:underline">
              All changes to {user.username}
            </Link>
          }
        />
        {changes.rows.length ? (
          <AuditTable events={changes.rows.slice(0, 10)} />
        ) : (
          <EmptyState title="No changes recorded" />
        )}
      </Card>
    </OrganizationTime>
  );
}
