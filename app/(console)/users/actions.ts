"use server";

import { z } from "zod";
import { consoleAction } from "@/lib/console/action";
import { parseUserCsv } from "@/lib/console/csv";
import { previewBulkUserChange } from "@/lib/licensing/bulk-preview";
import { checkImport, importUsers } from "@/lib/licensing/import-users";
import { LicensingError } from "@/lib/licensing/errors";
import { managerIdOf } from "@/lib/licensing/managers";
import { bulkUpdateUsers, createUser, deleteUser, updateUser } from "@/lib/licensing/users";
import { emailInput, newUsernameInput } from "@/lib/validation/licensing";

// The Users area's mutations: each parses, checks users.manage on the server (support and
// owners are refused and audited by consoleAction) and makes one engine call.

const organizationId = z.uuid();
const emptyAsNull = (v: unknown) => (v === "" ? null : v);
const profileId = z.preprocess(emptyAsNull, z.uuid("Choose a profile from the list").nullable());
const validTo = z.preprocess(emptyAsNull, z.iso.date({ message: "Enter a date as YYYY-MM-DD" }).nullable());
/** The manager by username, as typed; empty for none. */
const manager = z.preprocess(emptyAsNull, z.string().trim().max(100).nullable());
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
      username: z.string().trim().min(1, "Enter a username").pipe(newUsernameInput),
      email: z.string().trim().min(1, "Enter an email address").pipe(emailInput),
      profileId,
      status: z.enum(["active", "inactive"]),
      credentials: z.enum(["issued", "none"]),
      validTo,
      manager: manager.optional(),
    }),
    success: "User created.",
    // A manager refused (unknown, the user, a cycle) shows under the manager field.
    refusalFields: { USERNAME_TAKEN: "username", INVALID: "manager" },
  },
  async ({ db, input: { organizationId: org, manager: name, ...user }, actor }) => {
    const managerId = name ? await managerIdOf(db, org, name) : undefined;
    const created = await createUser(db, actor, org, { ...user, managerId });
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
      manager: manager.optional(),
    }),
    success: "User saved.",
    refusalFields: { INVALID: "manager" },
  },
  async ({ db, actor, scope, input: { organizationId: org, userId, manager: name, ...patch } }) => {
    const managerId = name === undefined ? undefined : name === null ? null : await managerIdOf(db, org, name);
    const user = await updateUser(db, actor, userId, { ...patch, managerId }, scope);
    return { id: user.id };
  },
);

export const deleteUserAction = consoleAction(
  { ...scoped, input: z.object({ organizationId, userId: z.uuid() }), success: "User deleted." },
  ({ db, actor, scope, input }) => deleteUser(db, actor, input.userId, scope),
);

const bulkChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("profile"), profileId }),
  z.object({ kind: z.literal("activate") }),
  z.object({ kind: z.literal("issue") }),
  z.object({ kind: z.literal("deactivate") }),
  z.object({ kind: z.literal("revoke") }),
]);

const bulkInput = z.object({
  organizationId,
  userIds: z.array(z.uuid()).min(1, "Select at least one user").max(1000),
  change: bulkChange,
});

function engineChange(change: z.output<typeof bulkChange>) {
  switch (change.kind) {
    case "profile":
      return { profileId: change.profileId };
    case "activate":
      return { status: "active" as const };
    case "issue":
      return { credentials: "issued" as const };
    case "deactivate":
      return { status: "inactive" as const };
    case "revoke":
      return { credentials: "revoked" as const };
  }
}

export const bulkUsersAction = consoleAction({ ...scoped, input: bulkInput }, ({ db, actor, input }) =>
  bulkUpdateUsers(db, actor, input.organizationId, input.userIds, engineChange(input.change)),
);

/** The licence impact of a bulk change per module, before it is confirmed; writes nothing. */
export const previewBulkUsersAction = consoleAction({ ...scoped, revalidate: [], input: bulkInput }, ({ db, input }) =>
  previewBulkUserChange(db, input.organizationId, input.userIds, engineChange(input.change)),
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
