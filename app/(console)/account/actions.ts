"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth/config";
import { getActor } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/console/action";
import { recordRefusal } from "@/lib/licensing/audit";
import { isLicensingError } from "@/lib/licensing/errors";
import { savePreferences } from "@/lib/notifications/preferences";
import { changeOwnPassword } from "@/lib/people/password-resets";
import { notificationChoicesInput } from "@/lib/validation/notifications";
import { passwordChangeInput } from "@/lib/validation/people";

/**
 * Changes the signed-in person's own password. Every console session of the account ends (the
 * other browsers are signed out) and this browser signs in again with the new password, so it
 * keeps working. Any signed-in role may: it is their own account, not a team's.
 */
export async function changePasswordAction(raw: unknown): Promise<ActionResult> {
  const actor = await getActor();
  if (!actor) return { ok: false, error: "Your session has ended. Sign in again.", code: "UNAUTHENTICATED" };
  const parsed = passwordChangeInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    return { ok: false, error: "Some fields need attention.", code: "VALIDATION_FAILED", fieldErrors };
  }
  const db = getDb();
  try {
    await changeOwnPassword(db, actor, parsed.data);
  } catch (e) {
    if (!isLicensingError(e)) throw e;
    await recordRefusal(db, actor, {
      organizationId: actor.organizationId,
      targetType: "console_action",
      after: { permission: "password.change", role: actor.role, code: e.code, message: e.message },
    });
    const field = typeof e.details.field === "string" ? e.details.field : null;
    return { ok: false, error: e.message, code: e.code, ...(field ? { fieldErrors: { [field]: [e.message] } } : {}) };
  }
  await signIn("credentials", {
    email: actor.label,
    password: parsed.data.newPassword,
    redirectTo: "/account?changed=1",
  });
  return { ok: true, data: undefined };
}

/**
 * Saves which notices the signed-in account receives by e-mail and how (immediately, in the
 * daily digest, or not). Any signed-in role may: it is the account's own mailbox. Kinds its role
 * cannot receive are ignored.
 */
export async function saveNotificationChoicesAction(raw: unknown): Promise<ActionResult> {
  const actor = await getActor();
  if (!actor) return { ok: false, error: "Your session has ended. Sign in again.", code: "UNAUTHENTICATED" };
  const parsed = notificationChoicesInput.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: "Choose immediately, daily digest or off for each kind.", code: "VALIDATION_FAILED" };
  await savePreferences(getDb(), actor, parsed.data);
  revalidatePath("/account");
  return { ok: true, data: undefined, message: "Your notification choices were saved." };
}
