import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  contracts,
  deviceActivations,
  licensePools,
  modules,
  sessions,
  users,
  type ClientType,
  type DevicePlatform,
} from "@/db/schema";
import { leaseState, leaseStateSql, type LeaseState } from "@/lib/licensing/holdings/device-activations";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";
import { keysetPage, keysetTime, pageOf, type Keyset } from "./keyset";

// A contract's live sessions and device activations for the management API, newest first and
// keyset-paged, with the conditions the sessions and devices pages use (a session counts while
// its expiry is ahead; an activation is listed until revoked, lapsed leases included). One
// question, "this contract's holdings, or unknown": the page's query answers it, and only an
// empty page asks whether the contract exists (null when it does not).

type Page = { limit: number; cursor?: Keyset };

async function unlessUnknown<P extends { rows: unknown[] }>(db: Database, contractId: string, page: P) {
  if (page.rows.length > 0) return page;
  const [known] = await db.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId));
  return known ? page : null;
}

export type SessionFilter = Page & { module?: string; clientType?: ClientType; userId?: string; deviceId?: string };

export async function liveSessionsPage(db: Database, contractId: string, filter: SessionFilter) {
  const where = and(
    eq(sessions.contractId, contractId),
    sessionIsLive,
    filter.module === undefined ? undefined : eq(modules.key, filter.module),
    filter.clientType === undefined ? undefined : eq(sessions.clientType, filter.clientType),
    filter.userId === undefined ? undefined : eq(sessions.userId, filter.userId),
    filter.deviceId === undefined ? undefined : eq(sessions.deviceId, filter.deviceId),
  );
  const page = keysetPage(sessions.startedAt, sessions.id, where, filter.cursor);
  const fetched = await db
    .select({
      id: sessions.id,
      contractId: sessions.contractId,
      poolId: sessions.poolId,
      module: modules.key,
      moduleName: modules.name,
      userId: sessions.userId,
      username: users.username,
      clientType: sessions.clientType,
      deviceId: sessions.deviceId,
      weight: sessions.weight,
      startedAt: sessions.startedAt,
      lastHeartbeatAt: sessions.lastHeartbeatAt,
      expiresAt: sessions.expiresAt,
      idleSince: sessions.idleSince,
      pagedAt: keysetTime(sessions.startedAt),
    })
    .from(sessions)
    .innerJoin(licensePools, eq(licensePools.id, sessions.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return unlessUnknown(db, contractId, pageOf(fetched, filter.limit));
}

export type ActivationFilter = Page & {
  module?: string;
  platform?: DevicePlatform;
  state?: LeaseState;
  userId?: string;
};

export async function activationsPage(db: Database, contractId: string, filter: ActivationFilter) {
  const where = and(
    eq(deviceActivations.contractId, contractId),
    isNull(deviceActivations.endedAt),
    filter.module === undefined ? undefined : eq(modules.key, filter.module),
    filter.platform === undefined ? undefined : eq(deviceActivations.platform, filter.platform),
    filter.state === undefined ? undefined : leaseStateSql(filter.state),
    filter.userId === undefined ? undefined : eq(deviceActivations.userId, filter.userId),
  );
  const page = keysetPage(deviceActivations.activatedAt, deviceActivations.id, where, filter.cursor);
  const fetched = await db
    .select({
      id: deviceActivations.id,
      contractId: deviceActivations.contractId,
      poolId: deviceActivations.poolId,
      module: modules.key,
      moduleName: modules.name,
      userId: deviceActivations.userId,
      username: users.username,
      fingerprint: deviceActivations.fingerprint,
      platform: deviceActivations.platform,
      name: deviceActivations.name,
      activatedAt: deviceActivations.activatedAt,
      lastRefreshedAt: deviceActivations.lastRefreshedAt,
      leaseExpiresAt: deviceActivations.leaseExpiresAt,
      leaseDays: licensePools.leaseDays,
      offline: deviceActivations.deviceKeyThumbprint,
      pagedAt: keysetTime(deviceActivations.activatedAt),
    })
    .from(deviceActivations)
    .innerJoin(licensePools, eq(licensePools.id, deviceActivations.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .leftJoin(users, eq(users.id, deviceActivations.userId))
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows, nextCursor } = pageOf(fetched, filter.limit);
  return unlessUnknown(db, contractId, {
    rows: rows.map(({ leaseDays, offline, ...a }) => ({
      ...a,
      leaseState: leaseState(a.leaseExpiresAt, leaseDays),
      offline: offline !== null,
    })),
    nextCursor,
  });
}
