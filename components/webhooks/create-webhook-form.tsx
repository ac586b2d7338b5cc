"use client";

import { useState } from "react";
import { createWebhookAction } from "@/app/(console)/catalogue/webhooks/actions";
import { useActionForm } from "@/components/ui/use-action-form";
import { SecretOnceDialog } from "@/components/contract/secret-once-dialog";
import { Button } from "@/components/ui/button";
import { CheckboxField, InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { webhookEventTypes, type WebhookEventType } from "@/lib/webhooks/event-types";

/** Registers an endpoint: URL (checked on the server, refused with a sentence), events, description. */
export function CreateWebhookForm() {
  const form = useActionForm();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  return (
    <>
      <form
        aria-label="Add webhook endpoint"
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const el = e.currentTarget;
          const data = new FormData(el);
          const description = String(data.get("description") ?? "").trim();
          const endpoint = await form.run(() =>
            createWebhookAction({
              url: String(data.get("url") ?? ""),
              events: data.getAll("events").map(String) as WebhookEventType[],
              ...(description ? { description } : {}),
            }),
          );
          if (endpoint) {
            el.reset();
            setCreated({ url: endpoint.url, secret: endpoint.secret });
          }
        }}
      >
        <div className="grid gap-4 md:grid-cols-2">
          <InputField
            label="URL"
            name="url"
            required
            maxLength={2000}
            placeholder="https://crm.example.com/hooks/seatkeeper"
            hint="https, or http to 127.0.0.1 for a local receiver."
            error={form.fieldErrors.url}
          />
          <InputField
            label="Description"
            name="description"
            maxLength={500}
            placeholder="e.g. CRM"
            error={form.fieldErrors.description}
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
            {Object.entries(webhookEventTypes).map(([type, meaning]) => (
              <CheckboxField key={type} name="events" value={type} label={type} hint={meaning} defaultChecked />
            ))}
          </div>
          {form.fieldErrors.events ? <p className="mt-1 text-xs text-red-700">{form.fieldErrors.events[0]}</p> : null}
        </fieldset>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Adding…" : "Add endpoint"}
          </Button>
          <FormError message={form.fieldErrors.url ? null : form.error} />
        </div>
      </form>
      <SecretOnceDialog secret={created?.secret ?? null} name={created?.url ?? ""} onClose={() => setCreated(null)} />
    </>
  );
}
