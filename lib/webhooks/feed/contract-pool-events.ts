import { draftsOf, poolOf, type AuditRow, type Draft } from "./draft";

/** contract.created and contract.updated, with the row's own views of the contract. */
export function contractEvents(row: AuditRow<"contract.create" | "contract.update">): Draft[] {
  const draft = draftsOf(row);
  return row.action === "contract.create"
    ? [draft("contract.created", { contractId: row.targetId, ...row.after })]
    : [draft("contract.updated", { contractId: row.targetId, before: row.before ?? {}, after: row.after ?? {} })];
}

/** A pool's capacity changed by hand: only when the capacity itself moved. */
export function poolUpdateEvents(row: AuditRow<"pool.update">): Draft[] {
  const before: Record<string, unknown> = row.before ?? {};
  const after: Record<string, unknown> = row.after ?? {};
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
export function scheduledChangeEvents(
  row: AuditRow<"pool.scheduledDecreaseApplied" | "pool.scheduledDecreaseRefused">,
): Draft[] {
  const draft = draftsOf(row);
  const pool = poolOf(row);
  if (row.action === "pool.scheduledDecreaseRefused")
    return [
      draft("scheduled_change.refused", {
        ...pool,
        scheduledCapacity: row.before?.scheduledCapacity,
        capacity: row.after?.capacity,
        inUse: row.after?.inUse,
      }),
    ];
  const before = row.before?.capacity;
  const after = row.after?.capacity;
  return [
    draft("scheduled_change.applied", { ...pool, capacity: after, previousCapacity: before }),
    draft("pool.capacity_changed", {
      ...pool,
      before: { capacity: before },
      after: { capacity: after },
      scheduled: true,
    }),
  ];
}
