"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { parseUserCsv } from "@/lib/console/csv";
import { checkImport, importUsers } from "@/lib/licensing/import-users";
import { LicensingError } from "@/lib/licensing/errors";
import { bulkUpdateUsers, createUser, deleteUser, updateUser } from "@/lib/licensing/users";
import { emailInput, usernameInput } from "@/lib/validation/licensing";

// The Users area's mutations: each parses, checks users.manage on the server (support and
// owners are refused and audited by consoleAction) and makes one engine call.

const organizationId = z.uuid();
const emptyAsNull = (v: unknown) => (v === "" ? null : v);
const profileId = z.preprocess(emptyAsNull, z.uuid("Choose a profile from the list").nullable());
const validTo = z.preprocess(emptyAsNull, z.iso.date({ message: "Enter a date as YYYY-MM-DD" }).nullable());
const scoped = {
  permission: "users.manage" as const,
  organizationOf: (i: { organizationId: string }) => i.organizationId,
  revalidate: ["/users", "/profiles", "/dashboard"],
};

export const createUserAction = consoleAction(
  {
    ...scoped,
    input: z.object({
      organizationId,
      username: z.string().trim().min(1, "Enter a username").pipe(usernameInput),
      email: z.string().trim().min(1, "Enter an email address").pipe(emailInput),
      profileId,
      status: z.enum(["active", "inactive"]),
      credentials: z.enum(["issued", "none"]),
      validTo,
    }),
    success: "User created.",
    refusalFields: { USERNAME_TAKEN: "username" },
  },
  async ({ db, actor, input: { organizationId: org, ...user } }) => {
    const created = await createUser(db, actor, org, user);
    return { id: created.id };
  },
);

export const updateUserAction = consoleAction(
  {
    ...scoped,
    input: z.object({
      organizationId,
      userId: z.uuid(),
      email: z.string().trim().min(1, "Enter an email address").pipe(emailInput).optional(),
      profileId: profileId.optional(),
      status: z.enum(["active", "inactive"]).optional(),
      credentials: z.enum(["issued", "none", "revoked"]).optional(),
      validTo: validTo.optional(),
    }),
    success: "User saved.",
  },
  async ({ db, actor, scope, input: { organizationId: _org, userId, ...patch } }) => {
    void _org;
    const user = await updateUser(db, actor, userId, patch, scope);
    return { id: user.id };
  },
);

export const deleteUserAction = consoleAction(
  { ...scoped, input: z.object({ organizationId, userId: z.uuid() }), success: "User deleted." },
  ({ db, actor, scope, input }) => deleteUser(db, actor, input.userId, scope),
);

const bulkChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("profile"), profileId }),
  z.object({ kind: z.literal("deactivate") }),
  z.object({ kind: z.literal("revoke") }),
]);

export const bulkUsersAction = consoleAction(
  {
    ...scoped,
    input: z.object({
      organizationId,
      userIds: z.array(z.uuid()).min(1, "Select at least one user").max(1000),
      change: bulkChange,
    }),
  },
  ({ db, actor, input }) => {
    const change =
      input.change.kind === "profile"
        ? { profileId: input.change.profileId }
        : input.change.kind === "deactivate"
          ? { status: "inactive" as const }
          : { credentials: "revoked" as const };
    return bulkUpdateUsers(db, actor, input.organizationId, input.userIds, change);
  },
);

const csvInput = z.object({ organizationId, csv: z.string().max(2_000_000, "The file is too large") });

function rowsOf(csv: string) {
  const parsed = parseUserCsv(csv);
  if (!parsed.ok) throw new LicensingError("INVALID", parsed.error);
  return parsed.rows;
}

/** The row-by-row report and licence impact of a file; writes nothing. */
export const checkImportAction = consoleAction({ ...scoped, revalidate: [], input: csvInput }, ({ db, input }) =>
  checkImport(db, input.organizationId, rowsOf(input.csv)),
);

export const importUsersAction = consoleAction({ ...scoped, input: csvInput }, ({ db, actor, input }) =>
  importUsers(db, actor, input.organizationId, rowsOf(input.csv)),
);
