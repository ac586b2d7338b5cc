import { OrganizationTime } from "@/components/ui/when";
import type { Metadata } from "next";
import Link from "next/link";
import { NoticeList } from "@/components/notifications/notice-list";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { getOrganization } from "@/lib/console/queries";
import { requireActor } from "@/lib/auth/session";
import type { SearchParams } from "@/lib/console/scope";
import { isMailConfigured } from "@/lib/mail/send";
import { noticesFor } from "@/lib/notifications/queries";

export const metadata: Metadata = { title: "Notifications" };

// Every notice the account's organization (or, for vendor staff, the vendor) was given, whatever
// the account's mail choices and whether mail is configured at all: nothing told is lost.
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const raw = (await searchParams).page;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(typeof raw === "string" ? raw : "1", 10) || 1));
  const db = getDb();
  const [{ rows, hasMore }, organization] = await Promise.all([
    noticesFor(db, actor, page),
    actor.organizationId ? getOrganization(db, actor.organizationId) : null,
  ]);
  const timeZone = organization?.timeZone ?? "UTC";
  return (
    <OrganizationTime timeZone={timeZone}>
      <PageHeader
        title="Notifications"
        description={
          isMailConfigured()
            ? "Renewals ahead, pools at their limits and the rest, newest first. Choose which are e-mailed on your account page."
            : "Renewals ahead, pools at their limits and the rest, newest first. Mail is not configured on this server, so they are shown here only."
        }
        actions={<ButtonLink href="/account#notifications">E-mail choices</ButtonLink>}
      />
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No notifications yet">
            Renewals 30, 7 and 1 days ahead, pools reaching their limits, scheduled changes and the rest appear here.
          </EmptyState>
        ) : (
          <NoticeList rows={rows} />
        )}
      </Card>
      <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
        {page > 1 ? <Link href={page === 2 ? "/notifications" : `/notifications?page=${page - 1}`}>Newer</Link> : null}
        {hasMore ? <Link href={`/notifications?page=${page + 1}`}>Older</Link> : null}
      </nav>
    </OrganizationTime>
  );
}
