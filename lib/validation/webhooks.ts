import { z } from "zod";
import { webhookEventTypeList } from "@/lib/webhooks/event-types";
import { cleanFreeText } from "./text";

const url = z
  .string({ message: "The URL is required." })
  .trim()
  .min(1, "The URL is required.")
  .max(2000, "The URL must be at most 2,000 characters.")
  .meta({
    format: "uri",
    pattern: "^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^#]*$",
    description:
      "An absolute https:// URL without user name, password or #fragment (plain http:// only for localhost and loopback addresses); a private network address is refused with 422 unless the server allows it (SEATKEEPER_WEBHOOK_ALLOW_PRIVATE).",
    example: "https://crm.example.org/hooks/seatkeeper",
  });
const events = z
  .array(z.enum(webhookEventTypeList, { message: `Events are among: ${webhookEventTypeList.join(", ")}.` }))
  .min(1, "Choose at least one event.")
  .transform((list) => [...new Set(list)]);

export const webhookCreateInput = z.object({
  url,
  events,
  description: cleanFreeText("The description", 500).optional(),
});
export type WebhookCreateInput = z.input<typeof webhookCreateInput>;

export const webhookUpdateInput = z.object({
  url: url.optional(),
  events: events.optional(),
  description: cleanFreeText("The description", 500).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type WebhookUpdateInput = z.input<typeof webhookUpdateInput>;
