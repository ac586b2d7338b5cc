"use client";

import { useRouter } from "next/navigation";
import { createOrganizationAction } from "@/app/(console)/organizations/actions";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { canonicalTimeZone, TimeZoneField } from "@/components/ui/time-zone-field";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TimeZoneChoice } from "@/lib/console/time-zones";

/**
 * Creates a customer organization, then opens it to add a contract. A time zone that isn't one of
 * the server's (`timeZones`) is refused under its field before anything is sent.
 */
export function CreateOrganizationForm({ timeZones }: { timeZones: TimeZoneChoice[] }) {
  const router = useRouter();
  const form = useActionForm();
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const typed = String(data.get("timeZone") ?? "").trim();
        const timeZone = typed === "" ? "" : canonicalTimeZone(timeZones, typed);
        if (timeZone === null) {
          form.refuse("The time zone is not valid.", {
            timeZone: [`“${typed}” is not a time zone. Choose one from the list, such as Europe/Oslo or UTC.`],
          });
          return;
        }
        const created = await form.run(() =>
          createOrganizationAction({
            name: String(data.get("name") ?? ""),
            siteId: String(data.get("siteId") ?? ""),
            timeZone,
          }),
        );
        if (created) router.push(`/organizations/${created.id}`);
      }}
    >
      <InputField
        label="Name"
        name="name"
        required
        maxLength={200}
        placeholder="e.g. Harbour Logistics"
        error={form.fieldErrors.name}
      />
      <InputField
        label="Site ID (optional)"
        name="siteId"
        maxLength={64}
        pattern="[A-Za-z0-9\-]+"
        placeholder="e.g. HL-3001"
        hint="Letters, digits and hyphens. Left empty, one is generated."
        error={form.fieldErrors.siteId}
      />
      <TimeZoneField choices={timeZones} name="timeZone" error={form.fieldErrors.timeZone} />
      <FormError
        message={form.fieldErrors.name || form.fieldErrors.siteId || form.fieldErrors.timeZone ? null : form.error}
      />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Creating…" : "Create organization"}
      </Button>
    </form>
  );
}
