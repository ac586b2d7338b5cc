import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { licensePools, users } from "@/db/schema";
import type { Database, Tx } from "@/db/client";
import { bulkUserChangeInput, type BulkUserChange } from "@/lib/validation/licensing";
import { seatsByModule } from "./holdings/named-seats";
import { isUuid, parseInput } from "./input";
import { poolUsages } from "./usage";

export type BulkImpact = { module: string; moduleName: string; needed: number; available: number; ok: boolean };

// Thrown to roll back the dry run, carrying its result out of the transaction.
class DryRun extends Error {
  constructor(readonly impact: BulkImpact[]) {
    super("dry run");
  }
}

/**
 * The licence impact of one bulk change before it is made: per named pool in force whose seats
 * the change moves, the seats it needs (negative: it frees them) against those available. The
 * change is applied in a transaction that is always rolled back and the seats are counted with
 * rule 1 before and after, so the preview is the same count bulkUpdateUsers checks.
 */
export async function previewBulkUserChange(
  db: Database,
  organizationId: string,
  userIds: string[],
  input: BulkUserChange,
): Promise<BulkImpact[]> {
  const change = parseInput(bulkUserChangeInput, input);
  const ids = [...new Set(userIds)].filter(isUuid);
  if (ids.length === 0) return [];
  try {
    await db.transaction(async (tx) => {
      const pools = (await poolUsages(tx, { organizationId })).filter(
        (p) => p.model === "named" && p.contractStatus === "active",
      );
      if (pools.length === 0) throw new DryRun([]);
      const subject = and(eq(users.organizationId, organizationId), inArray(users.id, ids))!;
      const before = await seatsByModule(tx, organizationId, undefined, subject);
      await tx.update(users).set(change).where(subject);
      const after = await seatsByModule(tx, organizationId, undefined, subject);
      const moduleIds = new Set([...before.keys(), ...after.keys()]);
      const poolsById = await poolModuleIds(tx, organizationId);
      throw new DryRun(
        pools.flatMap((p) => {
          const moduleId = poolsById.get(p.poolId);
          if (!moduleId || !moduleIds.has(moduleId)) return [];
          const needed = (after.get(moduleId) ?? 0) - (before.get(moduleId) ?? 0);
          if (needed === 0) return [];
          return [
            { module: p.module, moduleName: p.moduleName, needed, available: p.available, ok: needed <= p.available },
          ];
        }),
      );
    });
  } catch (e) {
    if (e instanceof DryRun) return e.impact;
    throw e;
  }
  return [];
}

async function poolModuleIds(tx: Tx, organizationId: string) {
  const rows = await tx
    .select({ id: licensePools.id, moduleId: licensePools.moduleId })
    .from(licensePools)
    .where(eq(licensePools.organizationId, organizationId));
  return new Map(rows.map((r) => [r.id, r.moduleId]));
}
