"use server";

import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth/config";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso";
import type { ActionResult } from "@/lib/console/action";
import { acceptInvitation } from "@/lib/people/invitations";
import { withNewPassword } from "@/lib/people/link-actions";

/** Accepts the invitation with a chosen password, then signs the new account in. */
export async function acceptInvitationAction(token: string, raw: unknown): Promise<ActionResult> {
  let email = "";
  const result = await withNewPassword(raw, async (password) => {
    email = (await acceptInvitation(getDb(), token, { password })).email;
  });
  if (!result.ok) return result;
  await signIn("credentials", { email, password: result.password, redirectTo: "/" });
  return { ok: true, data: undefined };
}

/** Accepts the invitation for single sign-on (no password is set) and goes to the identity provider. */
export async function acceptInvitationWithSsoAction(token: string) {
  await acceptInvitation(getDb(), token, "sso");
  await signIn(SSO_PROVIDER_ID, { redirectTo: "/" });
}
