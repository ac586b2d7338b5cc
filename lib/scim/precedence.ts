import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { directoryGroupMembers, directoryGroups, profiles, users } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Actor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { transactRecordingDenials } from "@/lib/licensing/denials";
import { LicensingError } from "@/lib/licensing/errors";
import { changeSeatsChecked } from "@/lib/licensing/seat-check";
import { endSessionsWithoutSeat } from "@/lib/licensing/seat-revocation";
import { applyDirectoryProfiles, precedenceOrder } from "./directory-profiles";

/** The profiles linked to directory groups, in the order they win, with their groups' names. */
export async function directoryProfiles(db: Database, organizationId: string) {
  const rows = await db
    .select({
      id: profiles.id,
      name: profiles.name,
      precedence: profiles.precedence,
      group: directoryGroups.displayName,
    })
    .from(profiles)
    .innerJoin(directoryGroups, eq(directoryGroups.profileId, profiles.id))
    .where(eq(profiles.organizationId, organizationId))
    .orderBy(...precedenceOrder, directoryGroups.displayName);
  const byProfile = new Map<string, { id: string; name: string; groups: string[] }>();
  for (const r of rows) {
    const entry = byProfile.get(r.id) ?? { id: r.id, name: r.name, groups: [] };
    entry.groups.push(r.group);
    byProfile.set(r.id, entry);
  }
  return [...byProfile.values()];
}

/**
 * Sets the administrator's precedence order (first wins) and gives every directory member the
 * profile it now decides, as one checked change: an order that would need seats the pools lack is
 * refused whole (rule 2), one that frees seats ends the sessions they held (rule 18).
 */
export async function orderDirectoryProfiles(db: Database, actor: Actor, organizationId: string, profileIds: string[]) {
  return transactRecordingDenials(db, actor, async (tx) => {
    const ids = [...new Set(profileIds)];
    const found = ids.length
      ? await tx
          .select({ id: profiles.id })
          .from(profiles)
          .where(and(eq(profiles.organizationId, organizationId), inArray(profiles.id, ids)))
      : [];
    if (found.length !== ids.length) throw new LicensingError("NOT_FOUND", "Some of those profiles were not found.");
    const members = (
      await tx
        .selectDistinct({ userId: directoryGroupMembers.userId })
        .from(directoryGroupMembers)
        .where(eq(directoryGroupMembers.organizationId, organizationId))
    ).map((m) => m.userId);
    const changed = await changeSeatsChecked(
      tx,
      organizationId,
      members.length ? inArray(users.id, members) : eq(users.organizationId, organizationId),
      async () => {
        for (const [index, id] of ids.entries())
          await tx
            .update(profiles)
            .set({ precedence: index + 1 })
            .where(eq(profiles.id, id));
        return applyDirectoryProfiles(tx, actor, organizationId, members);
      },
    );
    const ended = await endSessionsWithoutSeat(tx, actor, organizationId);
    await recordAudit(tx, actor, {
      organizationId,
      action: "profile.precedence",
      targetType: "profile",
      targetId: null,
      after: { order: ids, profileChanges: changed.length, sessionsEnded: ended.length },
    });
    return { profileChanges: changed.length };
  });
}
