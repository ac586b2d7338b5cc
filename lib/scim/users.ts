import "server-only";
import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { scimPatch } from "scim-patch";
import { directoryGroupMembers, directoryGroups, users, type User } from "@/db/schema";
import { isUniqueViolation, type Executor, type Tx } from "@/db/client";
import { recordAudit } from "@/lib/licensing/audit";
import { seatGrantedAtOnChange } from "@/lib/licensing/holdings/named-seats";
import { isUuid } from "@/lib/licensing/input";
import { changeSeatsChecked } from "@/lib/licensing/seat-check";
import { endSessionsOfUsers, endSessionsWithoutSeat } from "@/lib/licensing/seat-revocation";
import { assertManager } from "@/lib/licensing/managers";
import { userAuditView } from "@/lib/licensing/users";
import { mixedScriptUsername } from "@/lib/validation/licensing";
import { foldUsername } from "@/lib/validation/text";
import { invalidValue, ScimError, scimNotFound } from "./errors";
import type { Equality } from "./filter";
import { readUser, type PatchOperation, type UserInput } from "./input";
import { patchFailure } from "./patch-errors";
import { userResource, type GroupRef } from "./resources";
import type { ScimActor } from "./actor";

// SCIM users on the licensing engine: `active` is status active with credentials issued (the
// directory owns sign-in), `active: false` is inactive (rule 3: seats freed, rule 18: sessions end).
// Every change that can add seats goes through changeSeatsChecked, so a shortage refuses it whole.

const COLUMN: Record<Equality["attribute"], SQL> = {
  id: sql`${users.id}::text`,
  userName: sql`${users.usernameKey}`,
  externalId: sql`${users.externalId}`,
  email: sql`lower(${users.email})`,
  displayName: sql`${users.usernameKey}`,
};

/** The condition for a filter's equalities: usernames by their folded key, e-mails case-insensitively (RFC 7643 caseExact false). */
export function userConditions(equalities: Equality[]): SQL[] {
  return equalities.map(({ attribute, value }) => {
    const v =
      attribute === "userName" || attribute === "displayName"
        ? foldUsername(value)
        : attribute === "email"
          ? value.toLowerCase()
          : value;
    return sql`${COLUMN[attribute]} = ${v}`;
  });
}

export async function loadUser(ex: Executor, organizationId: string, id: string) {
  const [user] = isUuid(id)
    ? await ex
        .select()
        .from(users)
        .where(and(eq(users.id, id), eq(users.organizationId, organizationId)))
    : [];
  if (!user) throw scimNotFound("User", id);
  return user;
}

/** The directory groups each user is in, for their `groups` attribute. */
export async function groupsOfUsers(ex: Executor, userIds: string[]) {
  const byUser = new Map<string, GroupRef[]>();
  if (userIds.length === 0) return byUser;
  const rows = await ex
    .select({ userId: directoryGroupMembers.userId, id: directoryGroups.id, displayName: directoryGroups.displayName })
    .from(directoryGroupMembers)
    .innerJoin(directoryGroups, eq(directoryGroups.id, directoryGroupMembers.groupId))
    .where(inArray(directoryGroupMembers.userId, userIds))
    .orderBy(directoryGroups.displayName);
  for (const r of rows)
    byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), { id: r.id, displayName: r.displayName }]);
  return byUser;
}

const usernameTaken = (userName: string) =>
  new ScimError(409, `The userName "${userName}" is already taken in this organization.`, "uniqueness");

/** A userName the directory makes (a new user or a rename) is of one script; an existing one stays as it is. */
function assertOneScript(userName: string) {
  const mixed = mixedScriptUsername(userName);
  if (mixed) throw invalidValue(`userName: ${mixed}.`);
}

const seatWho = (user: { id: string; username: string }) =>
  ({ userId: user.id, username: user.username, denialKind: "directory" }) as const;

/** POST /Users: a new user; an active one holds no seat until a group gives it a profile. */
export async function createScimUser(tx: Tx, actor: ScimActor, input: UserInput): Promise<User> {
  const organizationId = actor.organizationId;
  assertOneScript(input.userName);
  if (input.managerId) await assertManager(tx, organizationId, null, input.managerId);
  const [created] = await tx
    .insert(users)
    .values({
      organizationId,
      username: input.userName,
      usernameKey: foldUsername(input.userName),
      email: input.email,
      externalId: input.externalId,
      status: input.active ? "active" : "inactive",
      credentials: "issued",
      managerId: input.managerId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw usernameTaken(input.userName);
  await recordAudit(tx, actor, {
    organizationId,
    action: "user.create",
    targetType: "user",
    targetId: created.id,
    after: { ...userAuditView(created), externalId: created.externalId, via: "directory" },
  });
  return created;
}

/** PUT /Users/{id} (and what a PATCH leaves): the user as the directory says it is now. */
export async function replaceScimUser(tx: Tx, actor: ScimActor, before: User, input: UserInput) {
  const organizationId = actor.organizationId;
  const change = {
    username: input.userName,
    usernameKey: foldUsername(input.userName),
    email: input.email,
    externalId: input.externalId,
    status: input.active ? ("active" as const) : ("inactive" as const),
    // Reactivating by the directory gives sign-in back: the directory owns it.
    ...(input.active ? { credentials: "issued" as const } : {}),
    // Without the enterprise extension the manager stays as it is.
    ...(input.managerId === undefined ? {} : { managerId: input.managerId }),
  };
  if (change.managerId && change.managerId !== before.managerId)
    await assertManager(tx, organizationId, before.id, change.managerId);
  if (change.username !== before.username) assertOneScript(change.username);
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), eq(users.usernameKey, change.usernameKey), ne(users.id, before.id)),
    );
  if (taken) throw usernameTaken(input.userName);
  const unchanged =
    before.username === change.username &&
    before.email === change.email &&
    before.externalId === change.externalId &&
    before.status === change.status &&
    (change.managerId === undefined || before.managerId === change.managerId) &&
    (!input.active || before.credentials === "issued");
  if (unchanged) return { user: before, changed: false };
  let after: User;
  try {
    after = await changeSeatsChecked(
      tx,
      organizationId,
      eq(users.id, before.id),
      async () =>
        (
          await tx
            .update(users)
            .set({ ...change, seatGrantedAt: seatGrantedAtOnChange({}), updatedAt: new Date() })
            .where(eq(users.id, before.id))
            .returning()
        )[0]!,
      seatWho(before),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw usernameTaken(input.userName);
    throw e;
  }
  const ended = await endSessionsWithoutSeat(tx, actor, organizationId);
  await recordAudit(tx, actor, {
    organizationId,
    action: "user.update",
    targetType: "user",
    targetId: before.id,
    before: { ...userAuditView(before), externalId: before.externalId },
    after: { ...userAuditView(after), externalId: after.externalId, sessionsEnded: ended.length, via: "directory" },
  });
  return { user: after, changed: true, sessionsEnded: ended.length };
}

/** PATCH /Users/{id}: the operations applied to the user as SCIM shows it, then replaced as one change. */
export async function patchScimUser(
  tx: Tx,
  actor: ScimActor,
  before: User,
  operations: PatchOperation[],
  base: string,
) {
  const groups = (await groupsOfUsers(tx, [before.id])).get(before.id) ?? [];
  let patched: object;
  try {
    // scim-patch's meta holds Dates; the rest is the user as SCIM shows it.
    const resource = {
      ...userResource(before, groups, base),
      meta: { created: before.createdAt, lastModified: before.updatedAt },
    };
    patched = scimPatch(resource, operations as Parameters<typeof scimPatch>[1], {
      mutateDocument: false,
      treatMissingAsAdd: true,
    });
  } catch (e) {
    throw patchFailure(e);
  }
  return replaceScimUser(tx, actor, before, readUser(patched));
}

/** DELETE /Users/{id}: every seat frees and every live session ends at once (rules 3 and 18). */
export async function deleteScimUser(tx: Tx, actor: ScimActor, user: User) {
  const ended = await endSessionsOfUsers(tx, actor, sql`select ${user.id}::uuid`);
  await tx.delete(users).where(eq(users.id, user.id));
  await recordAudit(tx, actor, {
    organizationId: actor.organizationId,
    action: "user.delete",
    targetType: "user",
    targetId: user.id,
    before: { ...userAuditView(user), externalId: user.externalId },
    after: { sessionsEnded: ended.length, via: "directory" },
  });
  return { sessionsEnded: ended.length };
}
