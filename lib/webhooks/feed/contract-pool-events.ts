import { draftsOf, poolOf, type AuditRow, type Draft } from "./draft";

/** contract.created and contract.updated, with the row's own views of the contract. */
export function contractEvents(row: AuditRow): Draft[] {
  const draft = draftsOf(row);
  const after = row.after ?? {};
  return row.action === "contract.create"
    ? [draft("contract.created", { contractId: row.targetId, ...after })]
    : [draft("contract.updated", { contractId: row.targetId, before: row.before ?? {}, after })];
}

/** A pool's capacity changed by hand: only when the capacity itself moved. */
export function poolUpdateEvents(row: AuditRow): Draft[] {
  const before = row.before ?? {};
  const after = row.after ?? {};
  if (!("capacity" in after) || after.capacity === before.capacity) return [];
  return [
    draftsOf(row)("pool.capacity_changed", {
      ...poolOf(row),
      before: { capacity: before.capacity },
      after: { capacity: after.capacity },
    }),
  ];
}

/** A scheduled decrease applied (the capacity changes with it) or refused at its date. */
export function scheduledChangeEvents(row: AuditRow): Draft[] {
  const draft = draftsOf(row);
  const pool = poolOf(row);
  const before = row.before ?? {};
  const after = row.after ?? {};
  if (row.action === "pool.scheduledDecreaseRefused")
    return [
      draft("scheduled_change.refused", {
        ...pool,
        scheduledCapacity: before.scheduledCapacity,
        capacity: after.capacity,
        inUse: after.inUse,
      }),
    ];
  return [
    draft("scheduled_change.applied", { ...pool, capacity: after.capacity, previousCapacity: before.capacity }),
    draft("pool.capacity_changed", {
      ...pool,
      before: { capacity: before.capacity },
      after: { capacity: after.capacity },
      scheduled: true,
    }),
  ];
}
