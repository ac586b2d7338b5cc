"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signInInput } from "@/lib/validation/accounts";

export type SignInState = {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  /** Echoed back so the form keeps it; the password never is. */
  email?: string;
};

const GENERIC_REFUSAL = "Email or password is incorrect.";

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInInput.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) return { email, fieldErrors: z.flattenError(parsed.error).fieldErrors };

  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
  } catch (error) {
    // A successful sign-in ends with a redirect, which is thrown too: let it through.
    if (!(error instanceof AuthError)) throw error;
    const retryAt = error instanceof CredentialsSignin ? throttledUntil(error.code) : null;
    return { email, error: retryAt ? throttledSentence(retryAt) : GENERIC_REFUSAL };
  }
  return { email, error: GENERIC_REFUSAL };
}

function throttledUntil(code: string) {
  if (!code.startsWith("throttled:")) return null;
  const at = new Date(code.slice("throttled:".length));
  return Number.isNaN(at.getTime()) ? null : at;
}

function throttledSentence(retryAt: Date) {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 60_000));
  const time = retryAt.toISOString().slice(11, 16);
  return `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (after ${time} UTC).`;
}
