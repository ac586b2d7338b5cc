"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { webhookCreateInput } from "@/lib/validation/webhooks";
import { createWebhookEndpoint, redeliverWebhook, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";

const PAGE = "/catalogue/webhooks";

export const createWebhookAction = consoleAction(
  {
    input: webhookCreateInput,
    permission: "catalogue.manage",
    revalidate: [PAGE],
    success: "Webhook endpoint added.",
    refusalFields: { INVALID: "url" },
  },
  async ({ db, actor, input }) => {
    const { endpoint, secret } = await createWebhookEndpoint(db, actor, input);
    return { id: endpoint.id, url: endpoint.url, secret };
  },
);

export const setWebhookEnabledAction = consoleAction(
  {
    input: z.object({ endpointId: z.string().uuid(), enabled: z.boolean() }),
    permission: "catalogue.manage",
    revalidate: [PAGE],
  },
  async ({ db, actor, input }) => {
    const endpoint = await updateWebhookEndpoint(db, actor, input.endpointId, { enabled: input.enabled });
    return { id: endpoint.id, enabled: endpoint.enabled };
  },
);

export const redeliverWebhookAction = consoleAction(
  {
    input: z.object({ endpointId: z.string().uuid(), deliveryId: z.string().uuid() }),
    permission: "catalogue.manage",
    revalidate: [PAGE],
    success: "Queued: it is sent again within seconds.",
  },
  async ({ db, actor, input }) => {
    const delivery = await redeliverWebhook(db, actor, input.endpointId, input.deliveryId);
    return { id: delivery.id };
  },
);
