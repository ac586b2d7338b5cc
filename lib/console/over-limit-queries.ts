import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modules, profileModules, sessions, users } from "@/db/schema";
import { profileGrantsModule, userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";

// Rule 5: an over-limit pool names who is over. The holders beyond the limit are the most
// recently granted ones: on a named pool the users whose seat-giving change is newest (their
// row's last change, which is when they were activated, given credentials, a profile or a later
// valid-to), on a concurrent pool the newest live sessions, as many as the pool is over.

export type OverHolder = { id: string; label: string };

export async function holdersBeyondLimit(
  db: Database,
  pool: { organizationId: string; module: string; poolId: string; model: "named" | "concurrent" },
  over: number,
): Promise<OverHolder[]> {
  if (over <= 0) return [];
  if (pool.model === "named") {
    const rows = await db
      .select({ id: users.id, label: users.username })
      .from(users)
      .innerJoin(profileModules, profileGrantsModule)
      .innerJoin(modules, and(eq(modules.id, profileModules.moduleId), eq(modules.key, pool.module)))
      .where(and(eq(users.organizationId, pool.organizationId), userMayHoldSeat))
      .orderBy(desc(users.updatedAt), desc(users.id))
      .limit(over);
    return rows;
  }
  // Sessions hold their weight each; the newest ones until their weights cover what is over.
  const rows = await db
    .select({ id: sessions.id, username: users.username, deviceId: sessions.deviceId, weight: sessions.seatsHeld })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.poolId, pool.poolId), sessionIsLive))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(over);
  const beyond: OverHolder[] = [];
  let covered = 0;
  for (const r of rows) {
    if (covered >= over) break;
    beyond.push({ id: r.id, label: r.username ?? r.deviceId });
    covered += Math.max(1, r.weight);
  }
  return beyond;
}
