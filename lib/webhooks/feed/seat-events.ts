import { draftsOf, poolOf, type AuditRow, type Draft } from "./draft";

/** A session's seat: granted by its open, freed however it ends (the reason it ended, when known). */
export function sessionSeatEvents(
  row: AuditRow<"session.open" | "session.close" | "session.end" | "session.expire">,
): Draft[] {
  const draft = draftsOf(row);
  if (row.action === "session.open")
    return [
      draft("seat.granted", {
        ...poolOf(row),
        holder: "session",
        sessionId: row.targetId,
        clientType: row.after?.clientType,
        deviceId: row.after?.deviceId,
        username: row.after?.username,
        weight: row.after?.weight,
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
export function borrowSeatEvents(
  row: AuditRow<"borrow.create" | "borrow.return" | "borrow.revoke" | "borrow.expire">,
): Draft[] {
  const draft = draftsOf(row);
  if (row.action === "borrow.create")
    return [
      draft("seat.granted", {
        ...poolOf(row),
        holder: "borrow",
        sessionId: row.targetId,
        borrowId: row.after?.borrowId,
        hours: row.after?.hours,
        expiresAt: row.after?.expiresAt,
        deviceId: row.after?.deviceId,
        username: row.after?.username,
      }),
    ];
  return [
    draft("seat.freed", {
      ...poolOf(row),
      holder: "borrow",
      sessionId: row.targetId,
      ...(row.before?.borrowId ? { borrowId: row.before.borrowId } : {}),
      reason: row.sessionEndReason ?? row.action.slice("borrow.".length),
    }),
  ];
}

type ActivationEnd = "activation.release" | "activation.revoke" | "activation.lapse";
const activationFreedBecause: Record<ActivationEnd, string> = {
  "activation.release": "released",
  "activation.revoke": "revoked",
  "activation.lapse": "lapsed",
};

/** A device activation's seat: granted when created, freed when released, revoked or lapsed. */
export function activationSeatEvents(row: AuditRow<"activation.create" | ActivationEnd>): Draft[] {
  const draft = draftsOf(row);
  if (row.action === "activation.create")
    return [draft("seat.granted", { ...poolOf(row), holder: "activation", activationId: row.targetId, ...row.after })];
  return [
    draft("seat.freed", {
      ...poolOf(row),
      holder: "activation",
      activationId: row.targetId,
      ...(row.action === "activation.lapse" ? { fingerprint: row.before?.fingerprint } : {}),
      reason: activationFreedBecause[row.action],
    }),
  ];
}
