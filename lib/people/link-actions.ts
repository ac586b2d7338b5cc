import "server-only";
import type { ActionResult } from "@/lib/console/action";
import { isLicensingError } from "@/lib/licensing/errors";
import { newPasswordInput } from "@/lib/validation/people";

/**
 * The shared part of the signed-out link pages' actions (invitation, reset): parse the two
 * passwords, run the change, and turn a refusal into its sentence on the password field (the
 * policy) or for the page (a link used meanwhile). Answers the password when the change worked.
 */
export async function withNewPassword(
  raw: unknown,
  change: (password: string) => Promise<unknown>,
): Promise<{ ok: true; password: string } | Extract<ActionResult, { ok: false }>> {
  const parsed = newPasswordInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    return { ok: false, error: "Some fields need attention.", code: "VALIDATION_FAILED", fieldErrors };
  }
  try {
    await change(parsed.data.password);
    return { ok: true, password: parsed.data.password };
  } catch (e) {
    if (!isLicensingError(e)) throw e;
    const onField = e.details.field === "password";
    return {
      ok: false,
      error: e.message,
      code: e.code,
      ...(onField ? { fieldErrors: { password: [e.message] } } : {}),
    };
  }
}
