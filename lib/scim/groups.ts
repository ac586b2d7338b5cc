import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { directoryGroupMembers, directoryGroups, users, type DirectoryGroup } from "@/db/schema";
import type { Executor, Tx } from "@/db/client";
import { recordAudit } from "@/lib/licensing/audit";
import { isUuid } from "@/lib/licensing/input";
import { changeSeatsChecked } from "@/lib/licensing/seat-check";
import { endSessionsWithoutSeat } from "@/lib/licensing/seat-revocation";
import type { ScimActor } from "./actor";
import { applyDirectoryProfiles, profileForGroup } from "./directory-profiles";
import { invalidValue, scimNotFound } from "./errors";
import type { Equality } from "./filter";
import type { GroupState } from "./group-patch";
import type { GroupInput } from "./input";
import type { MemberRef } from "./resources";

// SCIM groups are directory groups linked to profiles: a new group links to the profile of its
// name, or creates one with no modules. Membership decides each member's profile (directory-profiles.ts),
// checked against the named pools in the same transaction as the change.

export function groupConditions(equalities: Equality[]): SQL[] {
  return equalities.map(({ attribute, value }) =>
    attribute === "id"
      ? sql`${directoryGroups.id}::text = ${value.toLowerCase()}`
      : attribute === "externalId"
        ? sql`${directoryGroups.externalId} = ${value}`
        : sql`lower(${directoryGroups.displayName}) = lower(${value})`,
  );
}

export async function loadGroup(ex: Executor, organizationId: string, id: string) {
  const [group] = isUuid(id)
    ? await ex
        .select()
        .from(directoryGroups)
        .where(and(eq(directoryGroups.id, id), eq(directoryGroups.organizationId, organizationId)))
    : [];
  if (!group) throw scimNotFound("Group", id);
  return group;
}

/** Each group's members, for its `members` attribute. */
export async function membersOfGroups(ex: Executor, groupIds: string[]) {
  const byGroup = new Map<string, MemberRef[]>();
  if (groupIds.length === 0) return byGroup;
  const rows = await ex
    .select({ groupId: directoryGroupMembers.groupId, id: users.id, username: users.username })
    .from(directoryGroupMembers)
    .innerJoin(users, eq(users.id, directoryGroupMembers.userId))
    .where(inArray(directoryGroupMembers.groupId, groupIds))
    .orderBy(users.usernameKey);
  for (const r of rows) byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), { id: r.id, username: r.username }]);
  return byGroup;
}

/** Member ids must be users of this organization: another organization's are as unknown as made-up ones. */
async function assertMembersExist(tx: Tx, organizationId: string, ids: string[]) {
  const malformed = ids.find((id) => !isUuid(id));
  if (malformed) throw invalidValue(`There is no user "${malformed}" to make a member.`);
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), inArray(users.id, ids)));
  const known = new Set(found.map((u) => u.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw invalidValue(`There is no user "${missing}" to make a member.`);
}

export type MembershipChange = { added: string[]; removed: string[]; profileChanges: number; sessionsEnded: number };

/**
 * Adds and removes members and gives the touched users the profile their groups decide, as one
 * checked change: a shortage refuses it all (409, a denial row of kind `directory` per short pool).
 */
async function changeMembers(
  tx: Tx,
  actor: ScimActor,
  group: DirectoryGroup,
  added: string[],
  removed: string[],
): Promise<MembershipChange> {
  const organizationId = actor.organizationId;
  const touched = [...added, ...removed];
  if (touched.length === 0) return { added, removed, profileChanges: 0, sessionsEnded: 0 };
  await assertMembersExist(tx, organizationId, added);
  const changed = await changeSeatsChecked(
    tx,
    organizationId,
    inArray(users.id, touched),
    async () => {
      if (added.length > 0)
        await tx
          .insert(directoryGroupMembers)
          .values(added.map((userId) => ({ organizationId, groupId: group.id, userId })))
          .onConflictDoNothing();
      if (removed.length > 0)
        await tx
          .delete(directoryGroupMembers)
          .where(and(eq(directoryGroupMembers.groupId, group.id), inArray(directoryGroupMembers.userId, removed)));
      return applyDirectoryProfiles(tx, actor, organizationId, touched);
    },
    { denialKind: "directory", userId: touched.length === 1 ? touched[0] : null },
  );
  const ended = await endSessionsWithoutSeat(tx, actor, organizationId);
  await recordAudit(tx, actor, {
    organizationId,
    action: "directoryGroup.members",
    targetType: "directoryGroup",
    targetId: group.id,
    after: { displayName: group.displayName, added, removed, profileChanges: changed.length },
  });
  return { added, removed, profileChanges: changed.length, sessionsEnded: ended.length };
}

/** POST /Groups: the group, linked to the profile of its name (created with no modules when there is none). */
export async function createScimGroup(tx: Tx, actor: ScimActor, input: GroupInput) {
  const organizationId = actor.organizationId;
  const profile = await profileForGroup(tx, actor, organizationId, input.displayName);
  const [group] = await tx
    .insert(directoryGroups)
    .values({ organizationId, displayName: input.displayName, externalId: input.externalId, profileId: profile.id })
    .returning();
  await recordAudit(tx, actor, {
    organizationId,
    action: "directoryGroup.create",
    targetType: "directoryGroup",
    targetId: group!.id,
    after: {
      displayName: group!.displayName,
      externalId: group!.externalId,
      profileId: profile.id,
      profileCreated: profile.created,
    },
  });
  const members = await changeMembers(tx, actor, group!, input.memberIds ?? [], []);
  return { group: group!, profile, members };
}

/** PUT or PATCH of a group: its name, externalId and members as the directory now says. */
export async function replaceScimGroup(
  tx: Tx,
  actor: ScimActor,
  before: DirectoryGroup,
  current: Set<string>,
  wanted: GroupState,
) {
  let group = before;
  if (wanted.displayName !== before.displayName || wanted.externalId !== before.externalId) {
    // The link to the profile stays: a renamed group keeps giving the profile it gave.
    [group] = (await tx
      .update(directoryGroups)
      .set({ displayName: wanted.displayName, externalId: wanted.externalId, updatedAt: new Date() })
      .where(eq(directoryGroups.id, before.id))
      .returning()) as [DirectoryGroup];
    await recordAudit(tx, actor, {
      organizationId: actor.organizationId,
      action: "directoryGroup.update",
      targetType: "directoryGroup",
      targetId: before.id,
      before: { displayName: before.displayName, externalId: before.externalId },
      after: { displayName: group.displayName, externalId: group.externalId },
    });
  }
  const added = [...wanted.memberIds].filter((id) => !current.has(id));
  const removed = [...current].filter((id) => !wanted.memberIds.has(id));
  const members = await changeMembers(tx, actor, group, added, removed);
  if (members.added.length + members.removed.length > 0 && group === before)
    [group] = (await tx
      .update(directoryGroups)
      .set({ updatedAt: new Date() })
      .where(eq(directoryGroups.id, before.id))
      .returning()) as [DirectoryGroup];
  return { group, renamed: wanted.displayName !== before.displayName, members };
}

/**
 * DELETE /Groups/{id}: the group goes and its profile is unlinked from the directory; its members
 * keep that profile until their next membership change.
 */
export async function deleteScimGroup(tx: Tx, actor: ScimActor, group: DirectoryGroup, memberCount: number) {
  await tx.delete(directoryGroups).where(eq(directoryGroups.id, group.id));
  await recordAudit(tx, actor, {
    organizationId: actor.organizationId,
    action: "directoryGroup.delete",
    targetType: "directoryGroup",
    targetId: group.id,
    before: { displayName: group.displayName, externalId: group.externalId, profileId: group.profileId },
    after: { membersKeepingProfile: memberCount },
  });
}
