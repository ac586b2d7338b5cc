"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/console/action";

/**
 * The state of a form posting to one server action: pending, the refusal sentence and the
 * field errors. `run` answers the data when it worked (and toasts the success), else null.
 */
export function useActionForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function run<T>(call: () => Promise<ActionResult<T>>): Promise<T | null> {
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await call();
      if (result.ok) {
        if (result.message) toast.success(result.message);
        return result.data;
      }
      setFieldErrors(result.fieldErrors ?? {});
      setError(result.error);
      return null;
    } catch {
      setError("The server could not be reached; nothing was changed. Try again.");
      return null;
    } finally {
      setPending(false);
    }
  }

  return { pending, error, fieldErrors, run, reset: () => (setError(null), setFieldErrors({})) };
}
