"use server";

import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth/config";
import type { ActionResult } from "@/lib/console/action";
import { withNewPassword } from "@/lib/people/link-actions";
import { resetPassword } from "@/lib/people/password-resets";

/** Sets the new password through the reset link (every session of the account ends), then signs in. */
export async function resetPasswordAction(token: string, raw: unknown): Promise<ActionResult> {
  let email = "";
  const result = await withNewPassword(raw, async (password) => {
    email = (await resetPassword(getDb(), token, password)).email;
  });
  if (!result.ok) return result;
  await signIn("credentials", { email, password: result.password, redirectTo: "/" });
  return { ok: true, data: undefined };
}
