import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { directoryGroupMembers, directoryGroups, profiles, users, type User } from "@/db/schema";
import type { Executor, Tx } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { userAuditView } from "@/lib/licensing/users";

// Directory groups decide profiles: a user in linked groups gets the profile that comes first in
// the administrator's precedence order (a number, lowest first; unnumbered profiles after, by
// name, then id, so two runs always choose alike). A user in no linked group has no profile.

/** The order in which linked profiles win; the console lists profiles in the same order. */
export const precedenceOrder = [
  sql`${profiles.precedence} asc nulls last`,
  sql`lower(${profiles.name})`,
  asc(profiles.id),
];

/** The profile of a group named `displayName`: the organization's profile of that name, else a new one with no modules. */
export async function profileForGroup(tx: Tx, actor: Actor, organizationId: string, displayName: string) {
  const [existing] = await tx
    .select({ id: profiles.id, name: profiles.name })
    .from(profiles)
    .where(and(eq(profiles.organizationId, organizationId), sql`lower(${profiles.name}) = lower(${displayName})`));
  if (existing) return { ...existing, created: false };
  const [created] = await tx
    .insert(profiles)
    .values({ organizationId, name: displayName })
    .returning({ id: profiles.id, name: profiles.name });
  await recordAudit(tx, actor, {
    organizationId,
    action: "profile.create",
    targetType: "profile",
    targetId: created!.id,
    after: { ...created!, modules: [], via: "directory group" },
  });
  return { ...created!, created: true };
}

/**
 * Gives each of `userIds` the profile their linked groups decide, writing only the users whose
 * profile changes (each with its audit event naming the group). Call it inside changeSeatsChecked
 * over the same users, so a profile that needs seats the pools lack refuses the whole request.
 */
export async function applyDirectoryProfiles(tx: Tx, actor: Actor, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  const winners = await tx
    .selectDistinctOn([directoryGroupMembers.userId], {
      userId: directoryGroupMembers.userId,
      profileId: profiles.id,
      groupName: directoryGroups.displayName,
    })
    .from(directoryGroupMembers)
    .innerJoin(directoryGroups, eq(directoryGroups.id, directoryGroupMembers.groupId))
    .innerJoin(profiles, eq(profiles.id, directoryGroups.profileId))
    .where(
      and(eq(directoryGroupMembers.organizationId, organizationId), inArray(directoryGroupMembers.userId, userIds)),
    )
    .orderBy(directoryGroupMembers.userId, ...precedenceOrder, asc(directoryGroups.displayName));
  const wanted = new Map(winners.map((w) => [w.userId, w]));
  const current = await tx
    .select()
    .from(users)
    .where(and(eq(users.organizationId, organizationId), inArray(users.id, userIds)));
  const changed: User[] = [];
  for (const before of current) {
    const winner = wanted.get(before.id);
    const profileId = winner?.profileId ?? null;
    if (before.profileId === profileId) continue;
    const [after] = await tx
      .update(users)
      // A new profile grants its seats from now (rule 5's "most recent").
      .set({ profileId, seatGrantedAt: sql`now()`, updatedAt: new Date() })
      .where(eq(users.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      organizationId,
      action: "user.update",
      targetType: "user",
      targetId: before.id,
      before: userAuditView(before),
      after: { ...userAuditView(after!), via: winner ? `directory group ${winner.groupName}` : "no directory group" },
    });
    changed.push(after!);
  }
  return changed;
}

/** For the users page: the directory group whose profile each user has ("via directory group X"). */
export async function directoryGroupsGivingProfiles(ex: Executor, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, string>();
  const rows = await ex
    .selectDistinctOn([directoryGroupMembers.userId], {
      userId: directoryGroupMembers.userId,
      groupName: directoryGroups.displayName,
    })
    .from(directoryGroupMembers)
    .innerJoin(directoryGroups, eq(directoryGroups.id, directoryGroupMembers.groupId))
    .innerJoin(users, eq(users.id, directoryGroupMembers.userId))
    .where(
      and(
        eq(directoryGroupMembers.organizationId, organizationId),
        inArray(directoryGroupMembers.userId, userIds),
        eq(directoryGroups.profileId, users.profileId),
      ),
    )
    .orderBy(directoryGroupMembers.userId, asc(directoryGroups.displayName));
  return new Map(rows.map((r) => [r.userId, r.groupName]));
}
