import "server-only";
import { sql } from "drizzle-orm";
import { modules, profileModules } from "@/db/schema";
import { rowsOf, type Tx } from "@/db/client";
import type { UserAuditChange, UserAuditView } from "@/lib/licensing/audit-actions";
import { draftsOf, type AuditRow, type Draft } from "./draft";

/** Rule 1's seat holder, from a user's audit view: active, credentials issued, a profile, not past validTo. */
const holdsNamedSeat = (u: UserAuditView | null, today: string) =>
  Boolean(
    u && u.status === "active" && u.credentials === "issued" && u.profileId && (!u.validTo || u.validTo >= today),
  );

/** The users a user.* row changes, with their views before and after. */
function userChangesOf(row: AuditRow): UserAuditChange[] {
  switch (row.action) {
    case "user.create":
      return [{ id: row.targetId!, before: null, after: row.after }];
    case "user.update":
    case "user.reclaim":
      return [{ id: row.targetId!, before: row.before, after: row.after }];
    case "user.delete":
      return [{ id: row.targetId!, before: row.before, after: null }];
    case "user.import":
      return (row.after?.users ?? []).map(({ id, ...view }) => ({ id, before: null, after: view }));
    case "user.bulkUpdate":
      return row.after?.users ?? [];
    default:
      return [];
  }
}

/** Why a user's named seat was freed, as seat.freed says: deleted, reclaimed after days unused, or changed. */
const freedReason = (action: AuditRow["action"]) =>
  action === "user.delete" ? "deleted" : action === "user.reclaim" ? "reclaimed" : "changed";

/** The module keys each profile named by these rows' users grants (what a named seat covers). */
export async function profileModuleKeys(tx: Tx, rows: AuditRow[]): Promise<Map<string, string[]>> {
  const ids = new Set<string>();
  for (const r of rows)
    for (const change of userChangesOf(r))
      for (const view of [change.before, change.after]) if (view?.profileId) ids.add(view.profileId);
  if (ids.size === 0) return new Map();
  const found = rowsOf<{ profileId: string; key: string }>(
    await tx.execute(sql`
      select ${profileModules.profileId} as "profileId", ${modules.key} as key
        from ${profileModules} join ${modules} on ${modules.id} = ${profileModules.moduleId}
       where ${profileModules.profileId} in (${sql.join(
         [...ids].map((id) => sql`${id}::uuid`),
         sql`, `,
       )})`),
  );
  const map = new Map<string, string[]>();
  for (const f of found) map.set(f.profileId, [...(map.get(f.profileId) ?? []), f.key]);
  return map;
}

/**
 * Named seats (rule 1) of a user.* row: granted when the user starts holding one, freed when it
 * stops; a holder moved to another profile frees the old profile's seats and takes the new one's.
 */
export function userSeatEvents(
  row: AuditRow<"user.create" | "user.update" | "user.delete" | "user.import" | "user.bulkUpdate" | "user.reclaim">,
  modulesOf: Map<string, string[]>,
): Draft[] {
  const draft = draftsOf(row);
  const today = new Date(row.createdAt).toISOString().slice(0, 10);
  const many = row.action === "user.import" || row.action === "user.bulkUpdate";
  return userChangesOf(row).flatMap(({ id, before: was, after: now }) => {
    const held = holdsNamedSeat(was, today);
    const holds = holdsNamedSeat(now, today);
    const seat = (type: "seat.granted" | "seat.freed", view: UserAuditView) =>
      draft(
        type,
        {
          holder: "user",
          userId: id,
          username: view.username,
          profileId: view.profileId,
          modules: modulesOf.get(view.profileId ?? "") ?? [],
          ...(type === "seat.freed" ? { reason: freedReason(row.action) } : {}),
        },
        many ? id : undefined,
      );
    const moved = held && holds && was!.profileId !== now!.profileId;
    return [
      ...(held && (!holds || moved) ? [seat("seat.freed", was!)] : []),
      ...(holds && (!held || moved) ? [seat("seat.granted", now!)] : []),
    ];
  });
}

/**
 * A profile.update or profile.delete row: every member holding a named seat gains the modules added
 * and frees the modules removed (all of them when the profile is deleted), as listed by the row's
 * own transaction.
 */
export function profileSeatEvents(row: AuditRow<"profile.update" | "profile.delete">): Draft[] {
  const draft = draftsOf(row);
  const holders = (row.action === "profile.update" ? row.after?.seatHolders : row.before?.seatHolders) ?? [];
  const was = row.before?.modules ?? [];
  const now = row.action === "profile.update" ? (row.after?.modules ?? []) : [];
  const added = now.filter((m) => !was.includes(m));
  const removed = was.filter((m) => !now.includes(m));
  const reason = row.action === "profile.update" ? "profileChanged" : "profileDeleted";
  return holders.flatMap((h) => {
    const seat = { holder: "user", userId: h.id, username: h.username, profileId: row.targetId };
    return [
      ...(removed.length ? [draft("seat.freed", { ...seat, modules: removed, reason }, h.id)] : []),
      ...(added.length ? [draft("seat.granted", { ...seat, modules: added }, h.id)] : []),
    ];
  });
}
