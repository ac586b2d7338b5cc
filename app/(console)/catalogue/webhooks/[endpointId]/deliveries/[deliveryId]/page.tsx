import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { deliveryStatusTone, LastAnswer } from "@/components/webhooks/deliveries-table";
import { RedeliverButton } from "@/components/webhooks/endpoint-controls";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { When } from "@/components/ui/when";
import type { SearchParams } from "@/lib/console/scope";
import { LicensingError } from "@/lib/licensing/errors";
import { attemptsCursor, attemptsPage, DELIVERY_LOG_PAGE_SIZE, getDelivery } from "@/lib/webhooks/delivery-log";
import { getWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Delivery" };

const pageLink = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50";

/** One delivery and its attempts, newest first: when, the receiver's answer or the error, how long. */
export default async function DeliveryPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string; deliveryId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const actor = await requireCan("organizations.read");
  const { endpointId, deliveryId } = await params;
  const raw = (await searchParams).before;
  const before = attemptsCursor.safeParse(Array.isArray(raw) ? raw[0] : raw).data;
  const db = getDb();
  const [endpoint, delivery, attempts] = await Promise.all([
    getWebhookEndpoint(db, endpointId),
    getDelivery(db, endpointId, deliveryId),
    attemptsPage(db, endpointId, deliveryId, { limit: DELIVERY_LOG_PAGE_SIZE, cursor: before }),
  ]).catch((e: unknown) => {
    if (e instanceof LicensingError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const log = `/catalogue/webhooks/${endpoint.id}`;
  const here = `${log}/deliveries/${delivery.id}`;

  return (
    <>
      <PageHeader
        title={`Delivery of ${delivery.eventType}`}
        eyebrow={
          <Link href={log} className="underline-offset-2 hover:underline">
            Delivery log
          </Link>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={deliveryStatusTone[delivery.status]}>{delivery.status}</Badge>
            <span>
              to <span className="font-mono break-all">{endpoint.url}</span>, event{" "}
              <span className="font-mono break-all">{delivery.eventId}</span>, queued <When at={delivery.createdAt} />
              {delivery.deliveredAt ? (
                <>
                  , delivered <When at={delivery.deliveredAt} />
                </>
              ) : null}
              {delivery.nextAttemptAt ? (
                <>
                  , next retry <When at={delivery.nextAttemptAt} />
                </>
              ) : null}
            </span>
          </span>
        }
        actions={
          <>
            {can(actor, "catalogue.manage") ? (
              <RedeliverButton
                endpointId={endpoint.id}
                deliveryId={delivery.id}
                label={`${delivery.eventType} ${delivery.eventId}`}
              />
            ) : null}
            <ButtonLink href={log}>Back to the log</ButtonLink>
          </>
        }
      />
      <Card>
        <CardHeader
          title="Attempts"
          description={`${delivery.attempts} in all, newest first. Each is one signed POST; the receiver's answer, or why there was none.`}
        />
        {attempts.rows.length === 0 ? (
          <EmptyState title="Not attempted yet">The first attempt is made within seconds of the event.</EmptyState>
        ) : (
          <Table aria-label="Attempts">
            <THead>
              <tr>
                <Th>Time</Th>
                <Th>Answer</Th>
                <Th>Duration</Th>
              </tr>
            </THead>
            <TBody>
              {attempts.rows.map((a) => (
                <Tr key={a.id}>
                  <Td>
                    <When at={a.attemptedAt} />
                  </Td>
                  <Td>
                    <LastAnswer statusCode={a.statusCode} error={a.error} />
                  </Td>
                  <Td>{a.latencyMs} ms</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {before !== undefined || attempts.nextCursor ? (
          <nav
            aria-label="Pages"
            className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-100 px-5 py-3 text-sm"
          >
            {before !== undefined ? (
              <Link href={here} className={pageLink}>
                Newest
              </Link>
            ) : null}
            {attempts.nextCursor ? (
              <Link href={`${here}?before=${attempts.nextCursor}`} className={pageLink} rel="next">
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
