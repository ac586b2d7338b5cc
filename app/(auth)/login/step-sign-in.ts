import "server-only";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { PENDING_EXPIRED } from "@/lib/auth/mfa/pending-action";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

/**
 * Signs in through one of the later steps (second factor, finished enrolment, passkey) and lets
 * the redirect to the console through; a refusal comes back as a sentence for the person.
 */
export async function stepSignIn(
  provider: string,
  fields: Record<string, string>,
  callbackUrl: unknown,
  refusal: string,
): Promise<{ error: string; expired?: boolean }> {
  try {
    await signIn(provider, { ...fields, redirectTo: safeRedirectPath(callbackUrl) });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "";
    if (code === "expired") return { error: PENDING_EXPIRED, expired: true };
    const wait = /^throttled:(\d+)$/.exec(code);
    if (wait) return { error: `Too many attempts. Try again in ${wait[1]} s.` };
  }
  return { error: refusal };
}
