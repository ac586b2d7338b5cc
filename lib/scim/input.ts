import { z } from "zod";
import { emailInput, usernameInput } from "@/lib/validation/licensing";
import { cleanName } from "@/lib/validation/text";
import { invalidSyntax, invalidValue } from "./errors";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, readActive, USER_SCHEMA } from "./resources";

// What a directory sends, read into what Seatkeeper keeps. Attributes it does not keep (name,
// title, locale, password, the enterprise extension's other attributes…) are accepted and ignored, as RFC 7643 lets a
// service provider do; the ones it keeps are cleaned like every other input (SPEC rule 23).

/**
 * A user as sent. `managerId` is the enterprise extension's manager (its SCIM id): undefined when
 * the extension is not sent (the manager stays as it is), null when it is sent without one.
 */
export type UserInput = {
  userName: string;
  email: string;
  externalId: string | null;
  active: boolean;
  managerId?: string | null;
};
export type GroupInput = { displayName: string; externalId: string | null; memberIds: string[] | undefined };
export type PatchOperation = { op: "add" | "remove" | "replace"; path?: string; value?: unknown };

/** `schemas` must name the resource's core schema; others may only be extensions of it. */
function assertSchemas(body: Record<string, unknown>, core: string) {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string"))
    throw invalidValue(`"schemas" must be a list that includes "${core}".`);
  if (!schemas.includes(core)) throw invalidValue(`"schemas" must include "${core}".`);
  const unknown = schemas.find((s) => s !== core && !s.startsWith("urn:ietf:params:scim:schemas:extension:"));
  if (unknown) throw invalidValue(`The schema "${unknown}" is unknown here; send "${core}" and its extensions.`);
}

export function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidSyntax("The body must be a JSON object.");
  return body as Record<string, unknown>;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidValue(`${what}: ${issue.message}.`);
}

const externalId = cleanName("The externalId", 200).nullable().optional();

const emails = z
  .array(z.object({ value: z.unknown(), primary: z.unknown().optional(), type: z.unknown().optional() }).loose())
  .optional();

/** A user as POST and PUT send it (and as a PATCH leaves it). */
export function readUser(body: unknown): UserInput {
  const b = asObject(body);
  assertSchemas(b, USER_SCHEMA);
  const userName = parseWith(usernameInput, b.userName, "userName");
  const listed = parseWith(emails, b.emails, "emails") ?? [];
  // emails[primary] is the address; without one marked primary, the work address, then the first.
  const chosen =
    listed.find((e) => e.primary === true || e.primary === "True" || e.primary === "true") ??
    listed.find((e) => e.type === "work") ??
    listed[0];
  const email = chosen
    ? parseWith(emailInput, chosen.value, "emails.value")
    : parseWith(emailInput, userName, "An email address (emails, or a userName that is one)");
  return {
    userName,
    email,
    externalId: parseWith(externalId, b.externalId, "externalId") ?? null,
    active: b.active === undefined ? true : readActive(b.active),
    managerId: readManager(b[ENTERPRISE_SCHEMA]),
  };
}

/**
 * The enterprise extension's manager: `{ "value": id }` as Okta and Entra ID send it on POST and
 * PUT, or the bare id Entra ID's PATCH of `…:User:manager` leaves; an empty or absent one is none.
 */
function readManager(extension: unknown): string | null | undefined {
  if (extension === undefined) return undefined;
  if (extension === null) return null;
  if (typeof extension !== "object" || Array.isArray(extension))
    throw invalidValue(`"${ENTERPRISE_SCHEMA}" must be an object.`);
  let manager = (extension as Record<string, unknown>).manager;
  if (Array.isArray(manager)) manager = manager[0];
  if (manager !== null && typeof manager === "object") manager = (manager as Record<string, unknown>).value;
  if (manager === undefined || manager === null || manager === "") return null;
  if (typeof manager !== "string") throw invalidValue("manager.value must be the manager's id.");
  return manager;
}

const members = z.array(z.object({ value: z.string() }).loose()).optional();

/** A group as POST and PUT send it (and as a PATCH leaves it); no `members` leaves them as they are on PUT. */
export function readGroup(body: unknown): GroupInput {
  const b = asObject(body);
  assertSchemas(b, GROUP_SCHEMA);
  const listed = parseWith(members, b.members ?? undefined, "members");
  return {
    displayName: parseWith(cleanName("The displayName", 200), b.displayName, "displayName"),
    externalId: parseWith(externalId, b.externalId, "externalId") ?? null,
    memberIds: listed ? [...new Set(listed.map((m) => m.value.toLowerCase()))] : undefined,
  };
}

const patchBody = z.object({
  schemas: z.array(z.string()),
  Operations: z
    .array(
      z
        .object({
          // Entra ID capitalises ("Replace", "Add"); RFC 7644 §3.5.2 compares case-insensitively.
          op: z
            .string()
            .transform((op) => op.toLowerCase())
            .pipe(z.enum(["add", "remove", "replace"], { message: 'op must be "add", "remove" or "replace"' })),
          path: z.string().min(1).optional(),
          value: z.unknown().optional(),
        })
        .loose(),
    )
    .min(1, "send at least one operation")
    .max(1000, "send at most 1000 operations"),
});

export function readPatch(body: unknown): PatchOperation[] {
  const b = asObject(body);
  const parsed = parseWith(patchBody, b, "PatchOp");
  if (!parsed.schemas.includes(PATCH_SCHEMA)) throw invalidValue(`"schemas" must be ["${PATCH_SCHEMA}"].`);
  return parsed.Operations.map(({ op, path, value }) => ({ op, path, value }));
}
