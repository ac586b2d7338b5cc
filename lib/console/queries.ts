import "server-only";
import { asc, count, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  auditEvents,
  contracts,
  licensePools,
  modules,
  organizations,
  plans,
  profileModules,
  profiles,
  usageSamples,
  users,
} from "@/db/schema";
import { poolUsages } from "@/lib/licensing/usage";

// Read queries of the console's first pages. Every one takes the organization it reads, so a
// page can only show what the scope check let through.

export const USERS_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 100;

export async function getOrganization(db: Database, organizationId: string) {
  const [organization] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      siteId: organizations.siteId,
      timeZone: organizations.timeZone,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return organization ?? null;
}
export type OrganizationSummary = NonNullable<Awaited<ReturnType<typeof getOrganization>>>;

/** One entry per licence pool of the organization, with what it holds now. */
export function dashboardPools(db: Database, organizationId: string) {
  return poolUsages(db, { organizationId });
}

/** The first page of users, by username, with their profile. */
export async function listUsers(db: Database, organizationId: string) {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        username: users.username,
        email: users.email,
        status: users.status,
        credentials: users.credentials,
        validTo: users.validTo,
        profileName: profiles.name,
      })
      .from(users)
      .leftJoin(profiles, eq(profiles.id, users.profileId))
      .where(eq(users.organizationId, organizationId))
      .orderBy(sql`lower(${users.username})`)
      .limit(USERS_PAGE_SIZE),
    db.select({ n: count() }).from(users).where(eq(users.organizationId, organizationId)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Profiles with the modules they grant and how many users they have. */
export async function listProfiles(db: Database, organizationId: string) {
  const [rows, grants, members] = await Promise.all([
    db
      .select({ id: profiles.id, name: profiles.name })
      .from(profiles)
      .where(eq(profiles.organizationId, organizationId))
      .orderBy(sql`lower(${profiles.name})`),
    db
      .select({ profileId: profileModules.profileId, moduleName: modules.name })
      .from(profileModules)
      .innerJoin(modules, eq(modules.id, profileModules.moduleId))
      .where(eq(profileModules.organizationId, organizationId))
      .orderBy(modules.name),
    db
      .select({ profileId: users.profileId, n: count() })
      .from(users)
      .where(eq(users.organizationId, organizationId))
      .groupBy(users.profileId),
  ]);
  const memberCount = new Map(members.map((m) => [m.profileId, m.n]));
  return rows.map((p) => ({
    ...p,
    modules: grants.filter((g) => g.profileId === p.id).map((g) => g.moduleName),
    members: memberCount.get(p.id) ?? 0,
  }));
}

/** The newest usage sample of each pool of the organization. */
export function latestUsageSamples(db: Database, organizationId: string) {
  return db
    .selectDistinctOn([usageSamples.poolId], {
      poolId: usageSamples.poolId,
      moduleName: modules.name,
      model: licensePools.model,
      bucket: usageSamples.bucket,
      capacity: usageSamples.capacity,
      peakInUse: usageSamples.peakInUse,
      avgInUse: usageSamples.avgInUse,
      activations: usageSamples.activations,
      denials: usageSamples.denials,
    })
    .from(usageSamples)
    .innerJoin(licensePools, eq(licensePools.id, usageSamples.poolId))
    .innerJoin(modules, eq(modules.id, licensePools.moduleId))
    .where(eq(usageSamples.organizationId, organizationId))
    .orderBy(usageSamples.poolId, desc(usageSamples.bucket));
}

export function listAuditEvents(db: Database, organizationId: string) {
  return db
    .select({
      id: auditEvents.id,
      createdAt: auditEvents.createdAt,
      actorLabel: auditEvents.actorLabel,
      actorType: auditEvents.actorType,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
    })
    .from(auditEvents)
    .where(eq(auditEvents.organizationId, organizationId))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE);
}

/** Contracts, newest first, each with its pools (bounds and what they hold). */
export async function listContracts(db: Database, organizationId: string) {
  const [rows, pools] = await Promise.all([
    db
      .select({
        id: contracts.id,
        planName: plans.name,
        startsAt: contracts.startsAt,
        endsAt: contracts.endsAt,
        status: contracts.status,
      })
      .from(contracts)
      .leftJoin(plans, eq(plans.id, contracts.planId))
      .where(eq(contracts.organizationId, organizationId))
      .orderBy(desc(contracts.startsAt), asc(contracts.id)),
    poolUsages(db, { organizationId }),
  ]);
  return rows.map((c) => {
    const contractPools = pools.filter((p) => p.contractId === c.id);
    return { ...c, status: contractPools[0]?.contractStatus ?? c.status, pools: contractPools };
  });
}
