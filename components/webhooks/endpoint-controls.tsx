"use client";

import { useState } from "react";
import { toast } from "sonner";
import { redeliverWebhookAction, setWebhookEnabledAction } from "@/app/(console)/catalogue/webhooks/actions";
import { Button } from "@/components/ui/button";

/** Enables or disables an endpoint (enabling gives a failing one a fresh 24 h). */
export function EndpointToggle({ endpointId, enabled, url }: { endpointId: string; enabled: boolean; url: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      disabled={pending}
      aria-label={`${enabled ? "Disable" : "Enable"} ${url}`}
      onClick={async () => {
        setPending(true);
        try {
          const result = await setWebhookEnabledAction({ endpointId, enabled: !enabled });
          if (result.ok) toast.success(enabled ? "Endpoint disabled." : "Endpoint enabled.");
          else toast.error(result.error);
        } catch {
          toast.error("The server could not be reached; nothing was changed.");
        } finally {
          setPending(false);
        }
      }}
    >
      {enabled ? "Disable" : "Enable"}
    </Button>
  );
}

/** Sends one delivery again (same event id, so receivers that have it ignore it). */
export function RedeliverButton({
  endpointId,
  deliveryId,
  label,
}: {
  endpointId: string;
  deliveryId: string;
  label: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      disabled={pending}
      aria-label={`Redeliver ${label}`}
      onClick={async () => {
        setPending(true);
        try {
          const result = await redeliverWebhookAction({ endpointId, deliveryId });
          if (result.ok) toast.success(result.message ?? "Queued.");
          else toast.error(result.error);
        } catch {
          toast.error("The server could not be reached; nothing was changed.");
        } finally {
          setPending(false);
        }
      }}
    >
      {pending ? "Queuing…" : "Redeliver"}
    </Button>
  );
}
