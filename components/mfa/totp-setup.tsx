"use client";

import Image from "next/image";
import { useRef, useState, type ReactNode } from "react";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/console/action";
import { RecoveryCodes } from "./recovery-codes";

/**
 * Enrolling an authenticator app: the QR code and the same secret as text (for typing in), then a
 * code from the app confirms it. The first factor's recovery codes follow, then `done`.
 */
export function TotpSetup({
  qr,
  secret,
  confirm,
  done,
}: {
  qr: string;
  secret: string;
  confirm: (input: { code: string }) => Promise<ActionResult<{ recoveryCodes: string[] | null }>>;
  done: ReactNode;
}) {
  const doneRef = useRef<HTMLHeadingElement & HTMLParagraphElement>(null);
  const form = useActionForm({ focusAfterSuccess: doneRef });
  const [finished, setFinished] = useState<{ recoveryCodes: string[] | null } | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  async function submit(formData: FormData) {
    const result = await form.run(() => confirm({ code: String(formData.get("code") ?? "") }));
    if (result) {
      setFinished(result);
      if (!result.recoveryCodes) requestAnimationFrame(() => doneRef.current?.focus());
    } else requestAnimationFrame(() => codeRef.current?.select());
  }

  if (finished) {
    return finished.recoveryCodes ? (
      <RecoveryCodes codes={finished.recoveryCodes} headingRef={doneRef}>
        {done}
      </RecoveryCodes>
    ) : (
      <div className="space-y-3">
        <p ref={doneRef} tabIndex={-1} role="status" className="text-sm text-slate-700 focus:outline-none">
          The authenticator app is set up.
        </p>
        {done}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open your authenticator app and add an account by scanning this QR code.</li>
        <li>Or type the key below into the app instead.</li>
        <li>Enter the six-digit code the app shows.</li>
      </ol>
      <Image
        src={qr}
        alt="QR code to add Seatkeeper to your authenticator app"
        width={192}
        height={192}
        unoptimized
        className="mx-auto"
      />
      <div>
        <p className="text-sm font-medium text-slate-700" id="totp-secret-label">
          Key for typing in
        </p>
        <p
          aria-labelledby="totp-secret-label"
          data-testid="totp-secret"
          className="mt-1 rounded-md bg-slate-50 p-2 font-mono text-sm break-all text-slate-900"
        >
          {secret}
        </p>
      </div>
      <form action={submit} className="space-y-3" noValidate>
        <InputField
          ref={codeRef}
          label="Code from the app"
          name="code"
          autoFocus
          autoComplete="one-time-code"
          inputMode="numeric"
          error={form.fieldErrors.code}
        />
        <FormError message={form.fieldErrors.code ? null : form.error} />
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Checking…" : "Turn on"}
        </Button>
      </form>
    </div>
  );
}
