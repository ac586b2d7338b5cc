import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { profiles, users, type User } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import {
  bulkUserChangeInput,
  userCreateInput,
  userUpdateInput,
  type BulkUserChange,
  type UserCreateInput,
  type UserUpdateInput,
} from "@/lib/validation/licensing";
import { foldUsername } from "@/lib/validation/text";
import { seatGrantedAtOnChange } from "./holdings/named-seats";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { assertOrganizationExists } from "./catalogue";
import { transactRecordingDenials } from "./denials";
import { LicensingError } from "./errors";
import { assertManager } from "./managers";
import { assertInScope, isUuid, parseInput, type Scope } from "./input";
import { changeSeatsChecked } from "./seat-check";
import { endSessionsOfUsers, endSessionsWithoutSeat } from "./seat-revocation";

/** A user as audit events record them (the webhook feed reads seats granted and freed from it). */
export const userAuditView = (u: User) => ({
  username: u.username,
  email: u.email,
  status: u.status,
  credentials: u.credentials,
  validTo: u.validTo,
  profileId: u.profileId,
  managerId: u.managerId,
});

async function assertProfileOf(tx: Tx, organizationId: string, profileId: string | null | undefined) {
  if (!profileId) return;
  const [p] = await tx
    .select({ id: profiles.id })
    .from(profiles)
    .where(and(eq(profiles.id, profileId), eq(profiles.organizationId, organizationId)));
  if (!p) throw new LicensingError("NOT_FOUND", "That profile was not found.");
}

async function loadUser(tx: Tx, userId: string, scope: Scope) {
  const [user] = isUuid(userId) ? await tx.select().from(users).where(eq(users.id, userId)) : [];
  if (!user) throw new LicensingError("NOT_FOUND", "That user was not found.");
  assertInScope(scope, user.organizationId, "That user");
  return user;
}

/** Creates a user; one who would consume seats the pools lack is refused (rule 2). */
export async function createUser(db: Database, actor: Actor, organizationId: string, input: UserCreateInput) {
  const u = parseInput(userCreateInput, input);
  return transactRecordingDenials(db, actor, async (tx) => {
    await assertOrganizationExists(tx, organizationId);
    await assertProfileOf(tx, organizationId, u.profileId);
    if (u.managerId) await assertManager(tx, organizationId, null, u.managerId);
    const id = crypto.randomUUID();
    const user = await changeSeatsChecked(tx, organizationId, eq(users.id, id), async () => {
      const [created] = await tx
        .insert(users)
        .values({
          id,
          organizationId,
          username: u.username,
          usernameKey: foldUsername(u.username),
          email: u.email,
          profileId: u.profileId ?? null,
          status: u.status,
          credentials: u.credentials,
          validTo: u.validTo ?? null,
          managerId: u.managerId ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (!created)
        throw new LicensingError(
          "USERNAME_TAKEN",
          `The username "${u.username}" is already taken in this organization.`,
          { username: u.username },
        );
      return created;
    });
    await recordAudit(tx, actor, {
      organizationId,
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      after: userAuditView(user),
    });
    return user;
  });
}

/**
 * Changes a user. Assigning a profile, activating, issuing credentials or moving validTo
 * forward are refused when short of seats (rule 2); the opposite changes free seats (rule 3).
 */
export async function updateUser(db: Database, actor: Actor, userId: string, input: UserUpdateInput, scope: Scope) {
  const patch = parseInput(userUpdateInput, input);
  return transactRecordingDenials(db, actor, async (tx) => {
    const before = await loadUser(tx, userId, scope);
    await assertProfileOf(tx, before.organizationId, patch.profileId);
    if (patch.managerId) await assertManager(tx, before.organizationId, userId, patch.managerId);
    const after = await changeSeatsChecked(
      tx,
      before.organizationId,
      eq(users.id, userId),
      async () =>
        (
          await tx
            .update(users)
            .set({ ...patch, seatGrantedAt: seatGrantedAtOnChange(patch), updatedAt: new Date() })
            .where(eq(users.id, userId))
            .returning()
        )[0]!,
      { userId },
    );
    const ended = await endSessionsWithoutSeat(tx, actor, before.organizationId);
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      before: userAuditView(before),
      after: { ...userAuditView(after), sessionsEnded: ended.length },
    });
    return after;
  });
}

/** Deletes a user: their seats free at once (rule 3); their past sessions and devices keep no link. */
export async function deleteUser(db: Database, actor: Actor, userId: string, scope: Scope) {
  return db.transaction(async (tx) => {
    const before = await loadUser(tx, userId, scope);
    await endSessionsOfUsers(tx, actor, sql`select ${userId}::uuid`);
    await tx.delete(users).where(eq(users.id, userId));
    await recordAudit(tx, actor, {
      organizationId: before.organizationId,
      action: "user.delete",
      targetType: "user",
      targetId: userId,
      before: userAuditView(before),
    });
    return { deleted: true };
  });
}

/** One change to many users, all or nothing: a shortage refuses the whole batch (rule 2). */
export async function bulkUpdateUsers(
  db: Database,
  actor: Actor,
  organizationId: string,
  userIds: string[],
  input: BulkUserChange,
) {
  return transactRecordingDenials(db, actor, (tx) => bulkUpdateUsersIn(tx, actor, organizationId, userIds, input));
}

/** bulkUpdateUsers inside a transaction the caller holds, so the change can go with its other writes. */
export async function bulkUpdateUsersIn(
  tx: Tx,
  actor: Actor,
  organizationId: string,
  userIds: string[],
  input: BulkUserChange,
) {
  const change = parseInput(bulkUserChangeInput, input);
  const ids = [...new Set(userIds)].filter(isUuid);
  if (ids.length === 0) return { updated: 0 };
  if ("profileId" in change) await assertProfileOf(tx, organizationId, change.profileId);
  const subject = and(eq(users.organizationId, organizationId), inArray(users.id, ids))!;
  const before = new Map((await tx.select().from(users).where(subject)).map((u) => [u.id, userAuditView(u)]));
  const updated = await changeSeatsChecked(tx, organizationId, subject, () =>
    tx
      .update(users)
      .set({
        ...change,
        seatGrantedAt: seatGrantedAtOnChange("profileId" in change ? change : {}),
        updatedAt: new Date(),
      })
      .where(subject)
      .returning(),
  );
  if (updated.length !== ids.length) throw new LicensingError("NOT_FOUND", "Some of those users were not found.");
  await endSessionsWithoutSeat(tx, actor, organizationId);
  await recordAudit(tx, actor, {
    organizationId,
    action: "user.bulkUpdate",
    targetType: "user",
    targetId: null,
    // Each user before and after: the webhook feed tells the named seats granted and freed.
    after: {
      change,
      userIds: ids,
      users: updated.map((u) => ({ id: u.id, before: before.get(u.id) ?? null, after: userAuditView(u) })),
    },
  });
  return { updated: updated.length };
}
