import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { can, isVendorStaff, type Action } from "@/lib/auth/permissions";
import { getActor, type AccountActor } from "@/lib/auth/session";
import { recordRefusal } from "@/lib/licensing/audit";
import { isLicensingError, type RefusalCode } from "@/lib/licensing/errors";
import { isUuid, VENDOR, type Scope } from "@/lib/licensing/input";
import { getOrganization } from "./queries";

/** What every server action answers: data, or a sentence (and field errors) for people. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      error: string;
      code?: string;
      fieldErrors?: Record<string, string[]>;
      details?: Record<string, unknown>;
    };

type ActionContext<I> = {
  db: Database;
  actor: AccountActor;
  input: I;
  /**
   * The organization the action works in, or VENDOR for a vendor-wide action (no organization
   * named); engine calls take it as their tenancy scope.
   */
  scope: Scope;
};

type Options<S extends z.ZodType> = {
  /** zod schema for the input; use z.coerce for numbers and booleans coming from form data. */
  input: S;
  /** The permission needed (lib/auth/permissions). */
  permission: Action;
  /** The organization the action touches, read from the parsed input; null for vendor-wide actions. */
  organizationOf?: (input: z.output<S>) => string | null;
  /** Paths to refresh after success. */
  revalidate?: string[];
  /** The sentence shown on success. */
  success?: string;
  /** The input field a refusal is about (e.g. CONFLICT → "siteId"), so the form shows it under that field. */
  refusalFields?: Partial<Record<RefusalCode, string>>;
};

/**
 * The one wrapper for console server actions: parses the input (FormData or an object) with
 * zod, checks the signed-in account and its permission on the SERVER (a disabled button is only
 * a hint), runs one engine call, and answers a typed result. A refused permission is audited as
 * refused; a LicensingError becomes its sentence; anything else becomes a generic sentence,
 * never a raw message.
 */
export function consoleAction<S extends z.ZodType, T>(
  options: Options<S>,
  run: (ctx: ActionContext<z.output<S>>) => Promise<T>,
) {
  return async (raw: FormData | Record<string, unknown>): Promise<ActionResult<T>> => {
    const actor = await getActor();
    if (!actor) return { ok: false, error: "Your session has ended. Sign in again.", code: "UNAUTHENTICATED" };
    const parsed = options.input.safeParse(raw instanceof FormData ? formToObject(raw) : raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
      return { ok: false, error: "Some fields need attention.", code: "VALIDATION_FAILED", fieldErrors };
    }
    const input = parsed.data;
    const organizationId = options.organizationOf?.(input) ?? null;
    const db = getDb();
    const isVendor = isVendorStaff(actor);
    // Another organization's objects answer not-found to owners and admins, never forbidden.
    // Vendor staff name any organization: one that doesn't exist is not found too (its refusal
    // could not be recorded against it).
    if (
      (!isVendor && options.organizationOf && organizationId !== actor.organizationId) ||
      (isVendor && organizationId && (!isUuid(organizationId) || !(await getOrganization(db, organizationId))))
    ) {
      return { ok: false, error: "That was not found.", code: "NOT_FOUND" };
    }
    if (!can(actor, options.permission, options.organizationOf ? { organizationId } : null)) {
      const error = `Your role (${actor.role}) can't do that here.`;
      await recordRefusal(db, actor, {
        organizationId: isVendor ? organizationId : actor.organizationId,
        targetType: "console_action",
        after: { permission: options.permission, role: actor.role, organizationId, code: "FORBIDDEN", message: error },
      });
      return { ok: false, error, code: "FORBIDDEN" };
    }
    try {
      const data = await run({ db, actor, input, scope: organizationId ? { organizationId } : VENDOR });
      for (const path of options.revalidate ?? []) revalidatePath(path);
      return { ok: true, data, message: options.success };
    } catch (e) {
      if (isLicensingError(e)) {
        // A refused console attempt is in the audit log's changes with the sentence the person got.
        await recordRefusal(db, actor, {
          organizationId: organizationId ?? actor.organizationId,
          targetType: "console_action",
          after: { permission: options.permission, role: actor.role, code: e.code, message: e.message },
        });
        const field = options.refusalFields?.[e.code];
        return {
          ok: false,
          error: e.message,
          code: e.code,
          details: e.details,
          ...(field ? { fieldErrors: { [field]: [e.message] } } : {}),
        };
      }
      console.error("Console action failed", e);
      return { ok: false, error: "Something went wrong on our side; nothing was changed. Please try again." };
    }
  };
}

/** FormData as a plain object; repeated names (checkbox groups) become arrays. */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    out[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return out;
}
