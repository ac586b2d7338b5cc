import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import { EndpointToggle } from "@/components/webhooks/endpoint-controls";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireCan } from "@/lib/auth/session";
import { When } from "@/components/ui/when";
import { deliveriesPage } from "@/lib/webhooks/delivery-log";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Webhooks" };

/** The overview shows each endpoint's latest few; its delivery log pages through the rest. */
const LATEST_DELIVERIES = 10;

export default async function WebhooksPage() {
  const actor = await requireCan("organizations.read");
  const db = getDb();
  const endpoints = await listWebhookEndpoints(db);
  const latest = await Promise.all(endpoints.map((e) => deliveriesPage(db, e.id, { limit: LATEST_DELIVERIES })));
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
          endpoints.map((endpoint, index) => {
            const mine = latest[index]!.rows;
            return (
              <Card key={endpoint.id} aria-label={`Endpoint ${endpoint.url}`}>
                <CardHeader
                  title={<span className="font-mono text-sm break-all">{endpoint.url}</span>}
                  description={
                    <span className="flex flex-wrap items-center gap-2">
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
                  <DeliveriesTable
                    label={`Last deliveries to ${endpoint.url}`}
                    endpointId={endpoint.id}
                    rows={mine}
                    canManage={canManage}
                  />
                )}
                <p className="border-t border-slate-100 px-5 py-3 text-sm">
                  <Link
                    href={`/catalogue/webhooks/${endpoint.id}`}
                    className="font-medium text-brand-700 underline-offset-2 hover:underline"
                  >
                    Delivery log of {endpoint.url}
                  </Link>
                  <span className="text-slate-500"> · every delivery, by status, with each attempt</span>
                </p>
              </Card>
            );
          })
        )}
      </div>
    </>
  );
}
