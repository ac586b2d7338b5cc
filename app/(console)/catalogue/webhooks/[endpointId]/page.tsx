import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { When } from "@/components/ui/when";
import { pageInput } from "@/lib/console/keyset";
import type { SearchParams } from "@/lib/console/scope";
import { LicensingError } from "@/lib/licensing/errors";
import { DELIVERY_LOG_PAGE_SIZE, deliveriesPage, deliveryStatuses } from "@/lib/webhooks/delivery-log";
import { getWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Delivery log" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const pageLink = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50";

/**
 * One endpoint's deliveries, newest first, paged both ways (Older, Newer, Newest) and filtered by
 * status in the URL (`?status=failed`); a malformed value there is ignored. Each delivery links
 * to its attempts.
 */
export default async function DeliveryLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const actor = await requireCan("organizations.read");
  const { endpointId } = await params;
  const query = await searchParams;
  const status = deliveryStatuses.find((s) => s === first(query.status));
  const before = pageInput.cursor.safeParse(first(query.before)).data;
  const after = pageInput.cursor.safeParse(first(query.after)).data;
  const db = getDb();
  const found = await Promise.all([
    getWebhookEndpoint(db, endpointId),
    deliveriesPage(db, endpointId, {
      limit: DELIVERY_LOG_PAGE_SIZE,
      status,
      ...(after ? { newer: after } : { cursor: before }),
    }),
  ]).catch((e: unknown) => {
    if (e instanceof LicensingError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const [endpoint, page] = found;
  const canManage = can(actor, "catalogue.manage");
  const base = `/catalogue/webhooks/${endpoint.id}`;
  const href = (next: { status?: string; before?: string; after?: string }) => {
    const search = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1])));
    return search.size ? `${base}?${search}` : base;
  };

  return (
    <>
      <PageHeader
        title="Delivery log"
        eyebrow={
          <Link href="/catalogue/webhooks" className="underline-offset-2 hover:underline">
            Webhooks
          </Link>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono break-all">{endpoint.url}</span>
            {endpoint.enabled ? (
              <Badge tone="success">Enabled</Badge>
            ) : (
              <Badge tone="neutral">
                Disabled <When at={endpoint.disabledAt} />
              </Badge>
            )}
            {endpoint.isFailing ? (
              <Badge tone="danger">
                Failing since <When at={endpoint.failingSince} />
              </Badge>
            ) : null}
          </span>
        }
        actions={<ButtonLink href="/catalogue/webhooks">Back to webhooks</ButtonLink>}
      />
      <Card>
        <nav aria-label="Status" className="flex flex-wrap gap-2 border-b border-slate-100 px-5 py-3 text-sm">
          {[undefined, ...deliveryStatuses].map((s) => (
            <Link
              key={s ?? "all"}
              href={href({ status: s })}
              aria-current={s === status ? "page" : undefined}
              className={cx(
                "rounded-full px-3 py-1 font-medium",
                s === status ? "bg-brand-600 text-white" : "text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50",
              )}
            >
              {s ? s[0]!.toUpperCase() + s.slice(1) : "All"}
            </Link>
          ))}
        </nav>
        {page.rows.length === 0 ? (
          <EmptyState title={status ? `No ${status} deliveries` : "No deliveries yet"}>
            {status
              ? "Show every status to see the others."
              : "Events this endpoint asked for appear here within seconds of happening."}
          </EmptyState>
        ) : (
          <DeliveriesTable
            label={`Deliveries to ${endpoint.url}`}
            endpointId={endpoint.id}
            rows={page.rows}
            canManage={canManage}
          />
        )}
        <nav
          aria-label="Pages"
          className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-100 px-5 py-3 text-sm"
        >
          {before || after ? (
            <Link href={href({ status })} className={pageLink}>
              Newest
            </Link>
          ) : null}
          {page.previousCursor ? (
            <Link href={href({ status, after: page.previousCursor })} className={pageLink} rel="prev">
              Newer
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link href={href({ status, before: page.nextCursor })} className={pageLink} rel="next">
              Older
            </Link>
          ) : null}
        </nav>
      </Card>
    </>
  );
}
