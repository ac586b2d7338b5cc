"use client";

import { useRef, useState } from "react";
import { inviteAction } from "@/app/(console)/team/actions";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { AccountRole } from "@/db/schema";
import { LinkOnce } from "./link-once";

const mailSentences = {
  sent: "The invitation was e-mailed. This link is shown only now; you can also pass it on yourself.",
  not_configured:
    "Mail is not set up on this server: copy the link and send it yourself. It works once, for 72 hours, and is shown only now.",
  failed:
    "The mail server could not send it (logged for the operators). The invitation stands: copy the link and send it yourself; it is shown only now.",
} as const;

/** Invites someone by e-mail to a role of this team; the link is shown once, with how it travels. */
export function InviteForm({ organizationId, roles }: { organizationId?: string; roles: readonly AccountRole[] }) {
  const shown = useRef<HTMLDivElement>(null);
  const form = useActionForm({ focusAfterSuccess: shown });
  const [sent, setSent] = useState<{ email: string; url: string; mail: keyof typeof mailSentences } | null>(null);
  return (
    <div className="space-y-3">
      <form
        aria-label="Invite someone"
        className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const el = e.currentTarget;
          const data = new FormData(el);
          setSent(null);
          const result = await form.run(() =>
            inviteAction({ organizationId, email: String(data.get("email") ?? ""), role: String(data.get("role")) }),
          );
          if (result) {
            setSent(result);
            el.reset();
          }
        }}
      >
        <InputField
          label="Email"
          name="email"
          type="email"
          required
          autoComplete="off"
          error={form.fieldErrors.email}
        />
        <SelectField label="Role" name="role" defaultValue={roles[roles.length - 1]} error={form.fieldErrors.role}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {role[0]!.toUpperCase() + role.slice(1)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="sm:mt-6" disabled={form.pending} aria-busy={form.pending}>
          {form.pending ? "Inviting…" : "Invite"}
        </Button>
        <FormError message={form.fieldErrors.email ? null : form.error} className="sm:col-span-3" />
      </form>
      {sent ? (
        <LinkOnce
          ref={shown}
          label={`Invitation link for ${sent.email}`}
          message={mailSentences[sent.mail]}
          url={sent.url}
        />
      ) : null}
    </div>
  );
}
