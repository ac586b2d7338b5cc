"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/console/action";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

type Challenge = { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON };

/**
 * Asks the browser for a passkey (its own dialog) and signs in with the answer. The server
 * actions come as props, so the same button serves password-less sign-in and the second step.
 */
export function PasskeySignInButton({
  label,
  callbackUrl,
  challenge,
  answer,
  variant = "secondary",
}: {
  label: string;
  callbackUrl: string;
  challenge: () => Promise<ActionResult<Challenge>>;
  answer: (input: { challengeId: string; response: string; callbackUrl: string }) => Promise<{ error?: string }>;
  variant?: "primary" | "secondary";
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  async function signInWithPasskey() {
    setPending(true);
    setError(null);
    let message: string | null = null;
    try {
      const started = await challenge();
      if (!started.ok) message = started.error;
      else {
        const response = await startAuthentication({ optionsJSON: started.data.options });
        const result = await answer({
          challengeId: started.data.challengeId,
          response: JSON.stringify(response),
          callbackUrl,
        });
        message = result.error ?? null;
      }
    } catch (e) {
      // A successful sign-in navigates away (a redirect thrown through the action): nothing to show.
      if (e instanceof Error && e.name === "NotAllowedError")
        message = "No passkey was used. Try again when you're ready.";
      else if (!(e instanceof Error && e.message.includes("NEXT_REDIRECT")))
        message = "The passkey could not be used here. Try another way to sign in.";
    } finally {
      setPending(false);
    }
    if (message) {
      setError(message);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  }

  return (
    <div className="space-y-2">
      {error ? (
        <div ref={errorRef} tabIndex={-1} className="focus:outline-none">
          <FormError message={error} />
        </div>
      ) : null}
      <Button variant={variant} className="w-full" disabled={pending} onClick={signInWithPasskey}>
        {pending ? "Waiting for your passkey…" : label}
      </Button>
    </div>
  );
}
