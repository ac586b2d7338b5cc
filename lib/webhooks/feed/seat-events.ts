import { draftsOf, poolOf, type AuditRow, type Draft } from "./draft";

/** A session's seat: granted by its open, freed however it ends (the reason it ended, when known). */
export function sessionSeatEvents(row: AuditRow): Draft[] {
  const draft = draftsOf(row);
  const after = row.after ?? {};
  if (row.action === "session.open")
    return [
      draft("seat.granted", {
        ...poolOf(row),
        holder: "session",
        sessionId: row.targetId,
        clientType: after.clientType,
        deviceId: after.deviceId,
        username: after.username,
        weight: after.weight,
      }),
    ];
  return [
    draft("seat.freed", {
      ...poolOf(row),
      holder: "session",
      sessionId: row.targetId,
      reason: row.sessionEndReason ?? row.action.slice("session.".length),
    }),
  ];
}

/** A borrow (rule 25) hands the session's seat to the borrow until it is returned, revoked or runs out. */
export function borrowSeatEvents(row: AuditRow): Draft[] {
  const draft = draftsOf(row);
  const before = row.before ?? {};
  const after = row.after ?? {};
  if (row.action === "borrow.create")
    return [
      draft("seat.granted", {
        ...poolOf(row),
        holder: "borrow",
        sessionId: row.targetId,
        borrowId: after.borrowId,
        hours: after.hours,
        expiresAt: after.expiresAt,
        deviceId: after.deviceId,
        username: after.username,
      }),
    ];
  return [
    draft("seat.freed", {
      ...poolOf(row),
      holder: "borrow",
      sessionId: row.targetId,
      ...(before.borrowId ? { borrowId: before.borrowId } : {}),
      reason: row.sessionEndReason ?? row.action.slice("borrow.".length),
    }),
  ];
}

const activationFreedBecause: Record<string, string> = {
  "activation.release": "released",
  "activation.revoke": "revoked",
  "activation.lapse": "lapsed",
};

/** A device activation's seat: granted when created, freed when released, revoked or lapsed. */
export function activationSeatEvents(row: AuditRow): Draft[] {
  const draft = draftsOf(row);
  const before = row.before ?? {};
  const after = row.after ?? {};
  if (row.action === "activation.create")
    return [draft("seat.granted", { ...poolOf(row), holder: "activation", activationId: row.targetId, ...after })];
  return [
    draft("seat.freed", {
      ...poolOf(row),
      holder: "activation",
      activationId: row.targetId,
      ...(row.action === "activation.lapse" ? { fingerprint: before.fingerprint } : {}),
      reason: activationFreedBecause[row.action],
    }),
  ];
}
