import "server-only";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { licensePools, modules, sessions, users, type ClientType } from "@/db/schema";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { clientTypes } from "@/lib/validation/licensing";
import { floatingActivity } from "./floating-queries";

// Live sessions of one organization, for the sessions page and its polling route handler (the
// dashboards read it too). A session counts while its expiry is ahead, so one that missed its
// heartbeat disappears at once, without waiting for the sweeper.

export type SessionFilter = { poolId?: string; clientType?: ClientType };

/** The organization's live sessions (rule 8) that match the filter. */
const liveMatching = (organizationId: string, filter: SessionFilter): SQL | undefined =>
  and(
    eq(sessions.organizationId, organizationId),
    sessionIsLive,
    filter.poolId ? eq(sessions.poolId, filter.poolId) : undefined,
    filter.clientType ? eq(sessions.clientType, filter.clientType) : undefined,
  );

export async function liveSessions(db: Database, organizationId: string, filter: SessionFilter = {}) {
  const rows = await db
    .select({
      id: sessions.id,
      poolId: sessions.poolId,
      module: modules.key,
      moduleName: modules.name,
      model: licensePools.model,
      username: users.username,
      clientType: sessions.clientType,
      deviceId: sessions.deviceId,
      weight: sessions.weight,
      startedAt: sessions.startedAt,
      lastHeartbeatAt: sessions.lastHeartbeatAt,
      expiresAt: sessions.expiresAt,
      idleSince: sessions.idleSince,
    })
    .from(sessions)
    .innerJoin(licensePools, eq(licensePools.id, sessions.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(liveMatching(organizationId, filter))
    .orderBy(desc(sessions.startedAt))
    .limit(LIVE_SESSIONS_LIMIT);
  return rows;
}

/** At most this many rows are sent to a browser at once; the heading says when there are more. */
export const LIVE_SESSIONS_LIMIT = 500;

/**
 * How many live sessions match the filter, for the heading, and the seats those of concurrent
 * pools hold (their weights); on a named pool the seat is the user's, whatever their sessions.
 */
export async function liveSessionTotals(db: Database, organizationId: string, filter: SessionFilter = {}) {
  const concurrent = sql`${licensePools.model} = 'concurrent'`;
  const [row] = await db
    .select({
      sessions: sql<number>`count(*)::int`,
      concurrentSessions: sql<number>`(count(*) filter (where ${concurrent}))::int`,
      concurrentSeats: sql<number>`coalesce(sum(${sessions.weight}) filter (where ${concurrent}), 0)::int`,
    })
    .from(sessions)
    .innerJoin(licensePools, eq(licensePools.id, sessions.poolId))
    .where(liveMatching(organizationId, filter));
  return {
    sessions: Number(row?.sessions ?? 0),
    concurrentSessions: Number(row?.concurrentSessions ?? 0),
    concurrentSeats: Number(row?.concurrentSeats ?? 0),
  };
}

/** The organization's pools, to filter by (every contract's, named by module). */
export function poolOptions(db: Database, organizationId: string) {
  return db
    .select({
      id: licensePools.id,
      module: modules.key,
      moduleName: modules.name,
      model: licensePools.model,
      createdAt: licensePools.createdAt,
    })
    .from(licensePools)
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(eq(licensePools.organizationId, organizationId))
    .orderBy(asc(modules.name), desc(licensePools.createdAt));
}

const filterInput = z.object({
  pool: z.string().uuid().optional().catch(undefined),
  client: z.enum(clientTypes).optional().catch(undefined),
});

/** The filter from URL params (`pool`, `client`); anything malformed is ignored. */
export function parseSessionFilter(get: (name: string) => string | null | undefined): SessionFilter {
  const f = filterInput.parse({ pool: get("pool") || undefined, client: get("client") || undefined });
  return { poolId: f.pool, clientType: f.client };
}

/** The live view as JSON: what the sessions page renders first and its route handler answers. */
export async function liveSessionsView(db: Database, organizationId: string, filter: SessionFilter) {
  const [rows, totals, floating] = await Promise.all([
    liveSessions(db, organizationId, filter),
    liveSessionTotals(db, organizationId, filter),
    floatingActivity(db, organizationId, filter.poolId),
  ]);
  return {
    now: new Date().toISOString(),
    totals,
    /** Per concurrent pool: who waits in line, idle sessions, seats reclaimable now (rule 25). */
    floating,
    sessions: rows.map((s) => ({
      ...s,
      startedAt: s.startedAt.toISOString(),
      lastHeartbeatAt: s.lastHeartbeatAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      idleSince: s.idleSince?.toISOString() ?? null,
    })),
  };
}
export type LiveSessionsView = Awaited<ReturnType<typeof liveSessionsView>>;
