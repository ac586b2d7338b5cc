import "server-only";
import { z } from "zod";
import { pageInput } from "@/lib/console/keyset";
import { attemptsCursor, attemptsPage, deliveriesPage } from "@/lib/webhooks/delivery-log";
import { webhookEventTypeList } from "@/lib/webhooks/event-types";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  redeliverWebhook,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { webhookCreateInput, webhookUpdateInput } from "@/lib/validation/webhooks";
import { json, noContent, route } from "./route";

const endpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    isFailing: z.boolean().meta({ description: "Every attempt has failed since `failingSince`" }),
    failingSince: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .catchall(z.unknown())
  .meta({ id: "WebhookEndpoint" });
const endpointResponse = z.object({ webhook: endpoint });
const delivery = z
  .object({
    id: z.string(),
    eventId: z.string().meta({ description: "The event's id: the idempotency key receivers dedupe on" }),
    eventType: z.string(),
    organizationId: z.string().nullable(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastLatencyMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable().meta({ description: "When the next retry is due (pending only)" }),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .catchall(z.unknown())
  .meta({ id: "WebhookDelivery" });

const attempt = z
  .object({
    id: z.number().int(),
    attemptedAt: z.string(),
    statusCode: z.number().int().nullable().meta({ description: "The receiver's answer; null: no answer" }),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttempt" });
const nextCursor = z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last");
const deliveryListQuery = z.object({
  status: z.enum(["pending", "delivered", "failed"]).optional().describe("Deliveries in this state only"),
  ...pageInput,
});
const attemptListQuery = z.object({ limit: pageInput.limit, cursor: attemptsCursor });

const example = {
  url: "https://crm.example.com/hooks/seatkeeper",
  events: ["contract.created", "pool.full", "denials.summary"],
  description: "CRM",
};

export const manageWebhookRoutes = [
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/webhooks",
    operationId: "createWebhook",
    tag: "Webhooks",
    summary: "Register a webhook endpoint",
    description: `The signing secret is in this answer only. Events: ${webhookEventTypeList.join(", ")}. URLs must be https (http only to 127.0.0.1/localhost), without credentials, and not a private address unless the server allows it.`,
    body: webhookCreateInput,
    bodyExample: example,
    responses: {
      201: {
        description: "Created",
        schema: endpointResponse.extend({
          secret: z.string().meta({ description: "The HMAC-SHA256 signing secret, shown only in this answer" }),
        }),
      },
    },
    refusals: ["INVALID"],
    handle: async ({ db, actor, body }) => {
      const { endpoint: webhook, secret } = await createWebhookEndpoint(db, actor, body);
      return json({ webhook, secret }, 201);
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/webhooks",
    operationId: "listWebhooks",
    tag: "Webhooks",
    description: "Every webhook endpoint, newest first, with whether it is failing.",
    summary: "List webhook endpoints",
    responses: { 200: { description: "Every endpoint", schema: z.object({ webhooks: z.array(endpoint) }) } },
    handle: async ({ db }) => json({ webhooks: await listWebhookEndpoints(db) }),
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/webhooks/{id}",
    operationId: "getWebhook",
    tag: "Webhooks",
    description: "One webhook endpoint, without its signing secret.",
    summary: "A webhook endpoint",
    responses: { 200: { description: "The endpoint", schema: endpointResponse } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params }) => json({ webhook: await getWebhookEndpoint(db, params.id) }),
  }),
  route({
    audience: "manage",
    method: "patch",
    path: "/api/v1/manage/webhooks/{id}",
    operationId: "updateWebhook",
    tag: "Webhooks",
    summary: "Change a webhook endpoint (URL, events, description, enabled)",
    description: "Enabling a disabled endpoint resumes its pending deliveries.",
    body: webhookUpdateInput,
    bodyExample: { enabled: true },
    responses: { 200: { description: "Changed", schema: endpointResponse } },
    refusals: ["NOT_FOUND", "INVALID"],
    handle: async ({ db, actor, params, body }) =>
      json({ webhook: await updateWebhookEndpoint(db, actor, params.id, body) }),
  }),
  route({
    audience: "manage",
    method: "delete",
    path: "/api/v1/manage/webhooks/{id}",
    operationId: "deleteWebhook",
    tag: "Webhooks",
    description: "Deletes the endpoint and its pending deliveries.",
    summary: "Remove a webhook endpoint and its deliveries",
    responses: { 204: { description: "Removed" } },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      await deleteWebhookEndpoint(db, actor, params.id);
      return noContent();
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    tag: "Webhooks",
    summary: "The endpoint's deliveries, newest first",
    description:
      "Each with its status, attempts, last response code, latency and error, and the next retry. Filter by `status`; keyset-paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: deliveryListQuery,
    responses: {
      200: { description: "One page of deliveries", schema: z.object({ deliveries: z.array(delivery), nextCursor }) },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      const page = await deliveriesPage(db, params.id, query);
      return json({ deliveries: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "get",
    path: "/api/v1/manage/webhooks/{id}/deliveries/{deliveryId}/attempts",
    operationId: "listWebhookAttempts",
    tag: "Webhooks",
    summary: "Every attempt of one delivery, newest first",
    description:
      "When each was made, the receiver's status code (null: no answer), latency and error. Paged: `limit` (1–100, 50) and `cursor` from the previous answer's `nextCursor`.",
    query: attemptListQuery,
    responses: {
      200: { description: "One page of attempts", schema: z.object({ attempts: z.array(attempt), nextCursor }) },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, params, query }) => {
      const page = await attemptsPage(db, params.id, params.deliveryId, query);
      return json({ attempts: page.rows, nextCursor: page.nextCursor });
    },
  }),
  route({
    audience: "manage",
    method: "post",
    path: "/api/v1/manage/webhooks/{id}/deliveries/{deliveryId}/redeliver",
    operationId: "redeliverWebhook",
    tag: "Webhooks",
    summary: "Send a delivery again now",
    description: "The event keeps its id (the idempotency key), so a receiver that has it already ignores it.",
    responses: {
      202: {
        description: "Queued",
        schema: z.object({ delivery: z.object({ id: z.string(), status: z.string() }).catchall(z.unknown()) }),
      },
    },
    refusals: ["NOT_FOUND"],
    handle: async ({ db, actor, params }) => {
      const queued = await redeliverWebhook(db, actor, params.id, params.deliveryId);
      return json({ delivery: { id: queued.id, status: queued.status, eventId: queued.eventId } }, 202);
    },
  }),
];
