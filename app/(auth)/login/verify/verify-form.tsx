"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { verifyCodeAction, type StepState } from "./actions";

/** The code step: a six-digit code from the authenticator app, or (switched to) a recovery code. */
export function VerifyCodeForm({ callbackUrl, hasTotp }: { callbackUrl: string; hasTotp: boolean }) {
  const [state, formAction, isPending] = useActionState<StepState, FormData>(verifyCodeAction, {});
  const [method, setMethod] = useState<"totp" | "recovery">(hasTotp ? "totp" : "recovery");
  const codeRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const problem = state.fieldError ?? (state.expired ? undefined : state.error);

  // After a refusal the field is ready for the next try; an expired sign-in leaves its message in focus.
  useEffect(() => {
    if (state.expired) messageRef.current?.focus();
    else if (problem) codeRef.current?.select();
  }, [state, problem]);

  if (state.expired) {
    return (
      <div ref={messageRef} tabIndex={-1} className="space-y-3 focus:outline-none">
        <FormError message={state.error} />
        <a
          className="text-sm font-medium text-brand-700 underline"
          href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Sign in again
        </a>
      </div>
    );
  }
  const isTotp = method === "totp";
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="method" value={method} />
      <div>
        <label htmlFor="code" className="block text-sm font-medium text-slate-700">
          {isTotp ? "Code from your authenticator app" : "Recovery code"}
        </label>
        <input
          ref={codeRef}
          key={method}
          id="code"
          name="code"
          type="text"
          autoFocus
          autoComplete={isTotp ? "one-time-code" : "off"}
          inputMode={isTotp ? "numeric" : "text"}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "code-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm tracking-widest shadow-sm focus:border-brand-500 aria-[invalid=true]:border-red-400"
        />
        {problem ? (
          <p id="code-error" role="alert" className="mt-1 text-sm text-red-700">
            {problem}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Checking…" : "Continue"}
      </Button>
      {hasTotp ? (
        <button
          type="button"
          className="text-sm text-brand-700 underline"
          onClick={() => setMethod(isTotp ? "recovery" : "totp")}
        >
          {isTotp ? "Use a recovery code instead" : "Use a code from the authenticator app"}
        </button>
      ) : null}
    </form>
  );
}
