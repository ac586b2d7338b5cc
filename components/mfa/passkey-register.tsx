"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRef, useState, type ReactNode } from "react";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/console/action";
import { RecoveryCodes } from "./recovery-codes";

type Challenge = { challengeId: string; options: PublicKeyCredentialCreationOptionsJSON };

/**
 * Adds a passkey: the browser creates it (its own dialog), the server verifies and stores it. The
 * first factor's recovery codes follow, then `done`.
 */
export function PasskeyRegister({
  challenge,
  register,
  done,
  onRegistered,
}: {
  challenge: () => Promise<ActionResult<Challenge>>;
  register: (input: {
    challengeId: string;
    response: string;
    name: string;
  }) => Promise<ActionResult<{ recoveryCodes: string[] | null }>>;
  done?: ReactNode;
  onRegistered?: () => void;
}) {
  const doneRef = useRef<HTMLHeadingElement & HTMLParagraphElement>(null);
  const form = useActionForm({ focusAfterSuccess: doneRef });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [added, setAdded] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  async function add(formData: FormData) {
    const name = String(formData.get("name") ?? "").trim() || "Passkey";
    const result = await form.run(async () => {
      const started = await challenge();
      if (!started.ok) return started;
      try {
        const response = await startRegistration({ optionsJSON: started.data.options });
        return register({ challengeId: started.data.challengeId, response: JSON.stringify(response), name });
      } catch {
        return { ok: false as const, error: "No passkey was created. Try again when you're ready." };
      }
    });
    if (!result) {
      requestAnimationFrame(() => nameRef.current?.focus());
      return;
    }
    setAdded(true);
    setCodes(result.recoveryCodes);
    onRegistered?.();
    if (!result.recoveryCodes) requestAnimationFrame(() => doneRef.current?.focus());
  }

  if (codes)
    return (
      <RecoveryCodes codes={codes} headingRef={doneRef}>
        {done}
      </RecoveryCodes>
    );
  return (
    <div className="space-y-3">
      {added ? (
        <p ref={doneRef} tabIndex={-1} role="status" className="text-sm text-slate-700 focus:outline-none">
          The passkey was added.
        </p>
      ) : null}
      {added && done ? (
        done
      ) : (
        <form action={add} className="flex flex-wrap items-end gap-3" noValidate>
          <InputField
            ref={nameRef}
            label="Name for the passkey"
            name="name"
            placeholder="e.g. Work laptop"
            maxLength={60}
            className="min-w-48 flex-1"
            error={form.fieldErrors.name}
          />
          <Button type="submit" variant="secondary" disabled={form.pending}>
            {form.pending ? "Waiting for your passkey…" : "Add a passkey"}
          </Button>
          <FormError message={form.error} className="basis-full" />
        </form>
      )}
    </div>
  );
}
