"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso";
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

  const next = safeRedirectPath(formData.get("callbackUrl"));
  let step: string | null = null;
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: next });
  } catch (error) {
    // A successful sign-in ends with a redirect, which is thrown too: let it through.
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "";
    // The password was right and a second factor (or enrolment) comes next: no session yet.
    if (code === "second-factor" || code === "enrol") step = code === "enrol" ? "enrol" : "verify";
    else {
      const wait = throttledSeconds(code);
      return { email, error: wait ? throttledSentence(wait) : GENERIC_REFUSAL };
    }
  }
  if (step) redirect(`/login/${step}?callbackUrl=${encodeURIComponent(next)}`);
  return { email, error: GENERIC_REFUSAL };
}

function throttledSeconds(code: string) {
  const match = /^throttled:(\d+)$/.exec(code);
  return match ? Number(match[1]) : null;
}

// The same for a known account and an unknown email, so neither the sentence nor its timing
// tells whether an account exists.
function throttledSentence(seconds: number) {
  return `Too many sign-in attempts. Try again in ${seconds} s.`;
}

/** Starts single sign-on: next-auth redirects the browser to the identity provider. */
export async function ssoSignInAction(formData: FormData) {
  await signIn(SSO_PROVIDER_ID, { redirectTo: safeRedirectPath(formData.get("callbackUrl")) });
}
