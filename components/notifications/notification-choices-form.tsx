"use client";

import { saveNotificationChoicesAction } from "@/app/(console)/account/actions";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import {
  deliveries,
  deliveryLabels,
  kindLabels,
  type Delivery,
  type NotificationKind,
} from "@/lib/notifications/kinds";

/** One choice per kind of notice the account can receive; saved together. */
export function NotificationChoicesForm({ choices }: { choices: { kind: NotificationKind; delivery: Delivery }[] }) {
  const form = useActionForm();
  return (
    <form
      aria-label="Notification e-mails"
      className="max-w-xl space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        await form.run(() =>
          saveNotificationChoicesAction(Object.fromEntries(choices.map((c) => [c.kind, String(data.get(c.kind))]))),
        );
      }}
    >
      {choices.map((c) => (
        <SelectField key={c.kind} label={kindLabels[c.kind]} name={c.kind} defaultValue={c.delivery}>
          {deliveries.map((d) => (
            <option key={d} value={d}>
              {deliveryLabels[d]}
            </option>
          ))}
        </SelectField>
      ))}
      <FormError message={form.error} />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Saving…" : "Save notification choices"}
      </Button>
    </form>
  );
}
