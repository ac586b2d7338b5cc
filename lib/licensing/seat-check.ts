import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import { contracts, licensePools, modules } from "@/db/schema";
import type { Tx } from "@/db/client";
import { contractInForce } from "./holdings/contract";
import { seatLimit, seatsByModule } from "./holdings/named-seats";
import { refusal, type DenialKind } from "./denials";
import type { Shortage } from "./errors";

/**
 * Rule 2 for every change that can make users consume more named seats. In one transaction:
 * lock the organization's named pools in force (FOR UPDATE, ordered by id, so racing changes
 * queue and never deadlock), count the changed users' seats with the rule-1 fragment, apply the
 * change, count again, and for each module that grew compare the pool's total with its limit.
 * A shortage throws INSUFFICIENT_LICENSES, which rolls the change back: nothing is kept.
 * A change that does not add seats is never refused, even on a pool already over its limit.
 */
export async function changeSeatsChecked<T>(
  tx: Tx,
  organizationId: string,
  subject: SQL,
  change: () => Promise<T>,
  who: { userId?: string | null; username?: string | null; denialKind?: DenialKind } = {},
): Promise<T> {
  const pools = await tx
    .select({
      id: licensePools.id,
      contractId: licensePools.contractId,
      moduleId: licensePools.moduleId,
      capacity: licensePools.capacity,
      overagePercent: licensePools.overagePercent,
      key: modules.key,
      name: modules.name,
    })
    .from(licensePools)
    .innerJoin(contracts, eq(contracts.id, licensePools.contractId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(and(eq(licensePools.organizationId, organizationId), eq(licensePools.model, "named"), contractInForce))
    .orderBy(licensePools.id)
    .for("update", { of: licensePools });
  if (pools.length === 0) return change();
  const moduleIds = pools.map((p) => p.moduleId);
  const before = await seatsByModule(tx, organizationId, moduleIds, subject);
  const result = await change();
  const after = await seatsByModule(tx, organizationId, moduleIds, subject);
  const grown = pools.filter((p) => (after.get(p.moduleId) ?? 0) > (before.get(p.moduleId) ?? 0));
  if (grown.length === 0) return result;

  const totals = await seatsByModule(
    tx,
    organizationId,
    grown.map((p) => p.moduleId),
  );
  const shortages: (Shortage & { poolId: string })[] = [];
  for (const p of grown) {
    const needed = (after.get(p.moduleId) ?? 0) - (before.get(p.moduleId) ?? 0);
    const total = totals.get(p.moduleId) ?? 0;
    const limit = seatLimit(p);
    if (total > limit)
      shortages.push({
        module: p.key,
        moduleName: p.name,
        needed,
        available: Math.max(0, limit - (total - needed)),
        poolId: p.id,
      });
  }
  if (shortages.length === 0) return result;
  const byId = new Map(pools.map((p) => [p.id, p]));
  throw refusal(
    "INSUFFICIENT_LICENSES",
    `Not enough licences. ${shortages.map((s) => `${s.moduleName}: ${s.needed} needed, ${s.available} available`).join("; ")}.`,
    {
      shortages: shortages.map(({ module, moduleName, needed, available }) => ({
        module,
        moduleName,
        needed,
        available,
      })),
    },
    // One denial per short pool, so each pool's count and list show the refusal.
    shortages.map((s) => ({
      kind: who.denialKind ?? "seat",
      organizationId,
      contractId: byId.get(s.poolId)!.contractId,
      poolId: s.poolId,
      moduleId: byId.get(s.poolId)!.moduleId,
      userId: who.userId ?? null,
      username: who.username ?? null,
    })),
  );
}
