import { and, eq, isNull, sql } from "drizzle-orm";
import { licensePools, sessions } from "@/db/schema";
import type { Database } from "@/db/client";

/** A pool's session counter beside the truth recomputed from its open session rows (rule 15: equal). */
export async function sessionCounterAndTruth(db: Database, poolId: string) {
  const [pool] = await db
    .select({ held: licensePools.sessionsHeld })
    .from(licensePools)
    .where(eq(licensePools.id, poolId));
  const [truth] = await db
    .select({ held: sql<number>`coalesce(sum(${sessions.seatsHeld}), 0)::int` })
    .from(sessions)
    .where(and(eq(sessions.poolId, poolId), isNull(sessions.endedAt)));
  return { counter: pool!.held, truth: Number(truth!.held) };
}
