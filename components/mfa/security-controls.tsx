"use client";

import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useActionForm } from "@/components/ui/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/console/action";
import { PasskeyRegister } from "./passkey-register";
import { RecoveryCodes } from "./recovery-codes";

type Challenge = { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON };

/** "Confirm it's you": a code (app or recovery) or a passkey, so this browser may remove factors. */
export function StepUpForm({
  hasPasskeys,
  confirm,
  challenge,
}: {
  hasPasskeys: boolean;
  confirm: (input: { code: string } | { challengeId: string; response: string }) => Promise<ActionResult<void>>;
  challenge: () => Promise<ActionResult<Challenge>>;
}) {
  const form = useActionForm();
  const router = useRouter();
  const codeRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  async function after(done: unknown) {
    if (done === null) {
      requestAnimationFrame(() => (form.fieldErrors.code ? codeRef.current?.select() : messageRef.current?.focus()));
      return;
    }
    router.refresh();
  }

  async function withCode(formData: FormData) {
    await after(await form.run(() => confirm({ code: String(formData.get("code") ?? "") })));
  }

  async function withPasskey() {
    await after(
      await form.run(async () => {
        const started = await challenge();
        if (!started.ok) return started;
        try {
          const response = await startAuthentication({ optionsJSON: started.data.options });
          return confirm({ challengeId: started.data.challengeId, response: JSON.stringify(response) });
        } catch {
          return { ok: false as const, error: "No passkey was used. Try again when you're ready." };
        }
      }),
    );
  }

  return (
    <div className="space-y-3">
      <form action={withCode} className="flex flex-wrap items-end gap-3" noValidate>
        <InputField
          ref={codeRef}
          label="Code from your authenticator app, or a recovery code"
          name="code"
          autoComplete="one-time-code"
          className="min-w-64 flex-1"
          error={form.fieldErrors.code}
        />
        <Button type="submit" disabled={form.pending}>
          Confirm
        </Button>
        {hasPasskeys ? (
          <Button variant="secondary" disabled={form.pending} onClick={withPasskey}>
            Use a passkey
          </Button>
        ) : null}
      </form>
      <div ref={messageRef} tabIndex={-1} className="focus:outline-none">
        <FormError message={form.fieldErrors.code ? null : form.error} />
      </div>
    </div>
  );
}

/** A button that runs one action (remove, reset, toggle) and shows its refusal beside it, focused. */
export function ActionButton({
  label,
  pendingLabel,
  action,
  variant = "secondary",
  confirmText,
}: {
  label: string;
  pendingLabel: string;
  action: () => Promise<ActionResult<unknown>>;
  variant?: "primary" | "secondary" | "danger";
  confirmText?: string;
}) {
  const form = useActionForm();
  const router = useRouter();
  const messageRef = useRef<HTMLDivElement>(null);
  async function run() {
    if (confirmText && !window.confirm(confirmText)) return;
    const done = await form.run(action);
    if (done === null) requestAnimationFrame(() => messageRef.current?.focus());
    else router.refresh();
  }
  return (
    <div className="space-y-2">
      <Button variant={variant} disabled={form.pending} onClick={run}>
        {form.pending ? pendingLabel : label}
      </Button>
      <div ref={messageRef} tabIndex={-1} className="focus:outline-none">
        <FormError message={form.error} />
      </div>
    </div>
  );
}

/** New recovery codes in place of the old ones, shown once. */
export function RegenerateCodes({ action }: { action: () => Promise<ActionResult<string[]>> }) {
  const form = useActionForm();
  const [codes, setCodes] = useState<string[] | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  async function run() {
    const done = await form.run(action);
    if (done) setCodes(done);
    else requestAnimationFrame(() => messageRef.current?.focus());
  }
  if (codes) return <RecoveryCodes codes={codes} />;
  return (
    <div className="space-y-2">
      <Button variant="secondary" disabled={form.pending} onClick={run}>
        {form.pending ? "Making codes…" : "Make new recovery codes"}
      </Button>
      <div ref={messageRef} tabIndex={-1} className="focus:outline-none">
        <FormError message={form.error} />
      </div>
    </div>
  );
}

/** Adding a passkey from the security page: the list refreshes once it is added. */
export function AddPasskey(props: Omit<Parameters<typeof PasskeyRegister>[0], "onRegistered" | "done">) {
  const router = useRouter();
  return <PasskeyRegister {...props} onRegistered={() => router.refresh()} />;
}
