import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import type { ActionResult } from "@/lib/console/action";
import { recordRefusal } from "@/lib/licensing/audit";
import { isLicensingError } from "@/lib/licensing/errors";
import { selfActor } from "./factors";
import { pendingSignIn, PENDING_SIGN_IN_COOKIE, type PendingSignIn } from "./pending";

/** The pending sign-in of this browser (its cookie), while it lasts. */
export async function currentPendingSignIn(now = new Date()): Promise<PendingSignIn | null> {
  return pendingSignIn(getDb(), (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value, now);
}

export const PENDING_EXPIRED = "Your sign-in has expired. Sign in again with your email and password.";

/**
 * The action wrapper of the enrolment step, which runs before any console session exists: the
 * browser's pending sign-in (which must be one that enrols) stands in for the session. Answers
 * like console actions; a refusal is audited with the account as its actor.
 */
export function pendingEnrolmentAction<S extends z.ZodType, T>(
  input: S,
  run: (ctx: { db: Database; pending: PendingSignIn; input: z.output<S> }) => Promise<T>,
) {
  return async (raw: Record<string, unknown>): Promise<ActionResult<T>> => {
    const pending = await currentPendingSignIn();
    if (!pending?.mustEnrol) return { ok: false, error: PENDING_EXPIRED, code: "UNAUTHENTICATED" };
    const parsed = input.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
      return { ok: false, error: "Some fields need attention.", code: "VALIDATION_FAILED", fieldErrors };
    }
    const db = getDb();
    try {
      return { ok: true, data: await run({ db, pending, input: parsed.data }) };
    } catch (e) {
      if (!isLicensingError(e)) {
        console.error("Enrolment action failed", e);
        return { ok: false, error: "Something went wrong on our side; nothing was changed. Please try again." };
      }
      await recordRefusal(db, selfActor(pending.account), {
        organizationId: pending.account.organizationId,
        targetType: "console_action",
        after: { permission: "mfa.enrol", role: pending.account.role, code: e.code, message: e.message },
      });
      const field = typeof e.details.field === "string" ? e.details.field : null;
      return { ok: false, error: e.message, code: e.code, ...(field ? { fieldErrors: { [field]: [e.message] } } : {}) };
    }
  };
}
