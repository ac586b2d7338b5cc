"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { publicOrigin } from "@/lib/auth/public-origin";
import type { ActionResult } from "@/lib/console/action";
import { clientAddress } from "@/lib/http/client-address";
import { isMailConfigured } from "@/lib/mail/send";
import { requestPasswordReset } from "@/lib/people/password-resets";
import { forgotPasswordInput } from "@/lib/validation/people";

/** The one answer, whether or not the e-mail has an account, so the page tells nobody which exist. */
const answer = () =>
  isMailConfigured()
    ? "If a console account uses that e-mail, a link to choose a new password is on its way. It works once, for one hour."
    : "This server can't send e-mail, so no link can be mailed. Ask an operator, or your organization's owner, for a password-reset link.";

/**
 * "Forgot password?": asks for a reset link and answers at once with the same sentence for every
 * e-mail; the message is sent without the answer waiting for it (a mail failure is logged).
 */
export async function forgotPasswordAction(raw: unknown): Promise<ActionResult<{ message: string }>> {
  const parsed = forgotPasswordInput.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: "Enter your email address.", fieldErrors: { email: ["Enter your email address"] } };
  }
  const h = await headers();
  const origin = publicOrigin(new URL(`http://${h.get("host") ?? "localhost"}`), h);
  const { throttledSeconds } = await requestPasswordReset(
    getDb(),
    { email: parsed.data.email, address: clientAddress(h) },
    origin,
  );
  if (throttledSeconds) return { ok: false, error: `Too many requests. Try again in ${throttledSeconds} s.` };
  return { ok: true, data: { message: answer() } };
}
