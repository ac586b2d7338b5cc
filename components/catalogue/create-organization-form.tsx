"use client";

import { useRouter } from "next/navigation";
import { createOrganizationAction } from "@/app/(console)/organizations/actions";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";

/** Creates a customer organization, then opens it to add a contract. */
export function CreateOrganizationForm() {
  const router = useRouter();
  const form = useActionForm();
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const created = await form.run(() =>
          createOrganizationAction({
            name: String(data.get("name") ?? ""),
            siteId: String(data.get("siteId") ?? ""),
            timeZone: String(data.get("timeZone") ?? ""),
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
      <InputField
        label="Time zone"
        name="timeZone"
        maxLength={64}
        defaultValue="UTC"
        placeholder="e.g. Europe/Oslo"
        hint="The IANA zone whose whole days contract and user dates mean."
        error={form.fieldErrors.timeZone}
      />
      <FormError
        message={form.fieldErrors.name || form.fieldErrors.siteId || form.fieldErrors.timeZone ? null : form.error}
      />
      <Button type="submit" disabled={form.pending} aria-busy={form.pending}>
        {form.pending ? "Creating…" : "Create organization"}
      </Button>
    </form>
  );
}
