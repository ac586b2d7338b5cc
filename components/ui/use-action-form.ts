"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/console/action";
import { focusAfterSuccess, focusRefusal } from "./focus";

type Options = {
  /**
   * Where focus goes after success when the form stays on the page. Forms in a dialog that
   * closes leave this out: the dialog returns focus to its opener.
   */
  focusAfterSuccess?: RefObject<HTMLElement | null>;
};

type Refusal<T> = Extract<ActionResult<T>, { ok: false }>;

type Settled = { outcome: "succeeded" | "refused"; origin: Element | null };

/**
 * The state of a form posting to one server action: pending, the refusal sentence and the
 * field errors, and where focus goes when it settles. `run` answers the data when it worked
 * (and toasts the success), else null. After a refusal focus goes to the first invalid field or
 * the sentence (its FormError) in the form acted in — the `<form>`, the dialog, or an element
 * marked `data-action-form`; after success to `focusAfterSuccess`, the element acted from, or the
 * page's content — never to `<body>` (the submit button is disabled while pending, which drops
 * its focus).
 */
export function useActionForm(options: Options = {}) {
  const preferred = useRef(options.focusAfterSuccess);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [settled, setSettled] = useState<Settled | null>(null);

  useEffect(() => {
    preferred.current = options.focusAfterSuccess;
  });

  // Runs after the refusal or the success has rendered, so the invalid field or the sentence
  // exists to take focus.
  useEffect(() => {
    if (!settled) return;
    if (settled.outcome === "refused") focusRefusal(settled.origin);
    else focusAfterSuccess(preferred.current?.current ?? null, settled.origin);
  }, [settled]);

  /**
   * Runs the action. `sentence`, when given, words a refusal from its code and details (e.g.
   * naming the holders of a shortage) instead of the action's own sentence.
   */
  async function run<T>(
    call: () => Promise<ActionResult<T>>,
    sentence?: (refusal: Refusal<T>) => string,
  ): Promise<T | null> {
    const origin = document.activeElement;
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await call();
      if (result.ok) {
        if (result.message) toast.success(result.message);
        setSettled({ outcome: "succeeded", origin });
        return result.data;
      }
      setFieldErrors(result.fieldErrors ?? {});
      setError(sentence ? sentence(result) : result.error);
      setSettled({ outcome: "refused", origin });
      return null;
    } catch {
      setError("The server could not be reached; nothing was changed. Try again.");
      setSettled({ outcome: "refused", origin });
      return null;
    } finally {
      setPending(false);
    }
  }

  /** Shows a refusal found on the client (e.g. a preview's shortage) as if the server had answered it. */
  function refuse(message: string, fields: Record<string, string[]> = {}) {
    setError(message);
    setFieldErrors(fields);
    setSettled({ outcome: "refused", origin: document.activeElement });
  }

  return {
    pending,
    error,
    fieldErrors,
    run,
    refuse,
    reset: () => (setError(null), setFieldErrors({})),
  };
}
