import type { Metadata } from "next";
import { Badge, type Tone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { EndpointToggle, RedeliverButton } from "@/components/webhooks/endpoint-controls";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/console/format";
import { deliveriesOf, listWebhookEndpoints, type DeliveryView } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Webhooks" };

const statusTone: Record<DeliveryView["status"], Tone> = { pending: "warning", delivered: "success", failed: "danger" };

export default async function WebhooksPage() {
  const actor = await requireCan("organizations.read");
  const db = getDb();
  const endpoints = await listWebhookEndpoints(db);
  const deliveries = await deliveriesOf(
    db,
    endpoints.map((e) => e.id),
    10,
  );
  const canManage = can(actor, "catalogue.manage");

  return (
    <>
      <PageHeader
        title="Webhooks"
        eyebrow="Catalogue"
        description="Signed POSTs to the vendor's systems for every change that matters: contracts, capacity, pool limits, seats, scheduled changes and denials. Failed deliveries are retried with backoff for 24 hours."
        actions={<ButtonLink href="/catalogue">Back to the catalogue</ButtonLink>}
      />
      <div className="space-y-6">
        {canManage ? (
          <Card>
            <CardHeader
              title="Add an endpoint"
              description="Its signing secret (HMAC-SHA256) is shown once, when the endpoint is added."
            />
            <CardBody>
              <CreateWebhookForm />
            </CardBody>
          </Card>
        ) : null}
        {endpoints.length === 0 ? (
          <Card>
            <EmptyState title="No webhook endpoints yet">
              Endpoints appear here once an operator adds one, here or through the management API.
            </EmptyState>
          </Card>
        ) : (
          endpoints.map((endpoint) => {
            const mine = deliveries.filter((d) => d.endpointId === endpoint.id);
            return (
              <Card key={endpoint.id} aria-label={`Endpoint ${endpoint.url}`}>
                <CardHeader
                  title={<span className="font-mono text-sm break-all">{endpoint.url}</span>}
                  description={
                    <span className="flex flex-wrap items-center gap-2">
                      {endpoint.enabled ? (
                        <Badge tone="success">Enabled</Badge>
                      ) : (
                        <Badge tone="neutral">Disabled {formatDateTime(endpoint.disabledAt)}</Badge>
                      )}
                      {endpoint.isFailing ? (
                        <Badge tone="danger">Failing since {formatDateTime(endpoint.failingSince)}</Badge>
                      ) : null}
                      {endpoint.description ? <span>{endpoint.description}</span> : null}
                      <span>
                        {endpoint.events.length} event type{endpoint.events.length === 1 ? "" : "s"}
                      </span>
                    </span>
                  }
                  action={
                    canManage ? (
                      <EndpointToggle endpointId={endpoint.id} enabled={endpoint.enabled} url={endpoint.url} />
                    ) : null
                  }
                />
                {mine.length === 0 ? (
                  <EmptyState title="No deliveries yet">
                    Events this endpoint asked for appear here within seconds of happening.
                  </EmptyState>
                ) : (
                  <Table aria-label={`Last deliveries to ${endpoint.url}`}>
                    <THead>
                      <tr>
                        <Th>Event</Th>
                        <Th>Status</Th>
                        <Th>Response</Th>
                        <Th>Latency</Th>
                        <Th>Attempts</Th>
                        <Th>Last attempt</Th>
                        <Th>Next retry</Th>
                        {canManage ? <Th>Redeliver</Th> : null}
                      </tr>
                    </THead>
                    <TBody>
                      {mine.map((d) => (
                        <Tr key={d.id}>
                          <Td className="font-mono text-xs">{d.eventType}</Td>
                          <Td>
                            <Badge tone={statusTone[d.status]}>{d.status}</Badge>
                          </Td>
                          <Td title={d.lastError ?? undefined}>
                            {d.lastStatusCode ?? (d.lastError ? "No answer" : "—")}
                            {d.lastError && d.lastStatusCode === null ? (
                              <span className="block text-xs text-slate-500">{d.lastError}</span>
                            ) : null}
                          </Td>
                          <Td>{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</Td>
                          <Td>{d.attempts}</Td>
                          <Td>{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : "—"}</Td>
                          <Td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : "—"}</Td>
                          {canManage ? (
                            <Td>
                              <RedeliverButton
                                endpointId={endpoint.id}
                                deliveryId={d.id}
                                label={`${d.eventType} ${d.eventId}`}
                              />
                            </Td>
                          ) : null}
                        </Tr>
                      ))}
                    </TBody>
                  </Table>
                )}
              </Card>
            );
          })
        )}
      </div>
    </>
  );
}
