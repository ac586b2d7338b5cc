import "server-only";
import { count, eq, inArray, sql } from "drizzle-orm";
import { createAccount } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { createApiKey } from "@/lib/licensing/tokens";
import { demoAccounts, demoModules, demoOrganizations, demoPlans, type DemoOrganization } from "@/lib/runtime/demo-data";
import type { DemoKey } from "@/lib/runtime/demo-keys";
import { accountCreateInput } from "@/lib/validation/accounts";
import type { Database, Tx } from "./client";
import {
  consoleAccounts,
  contracts,
  deviceActivations,
  licensePools,
  modules,
  organizations,
  planModules,
  plans,
  profileModules,
  profiles,
  users,
} from "./schema";

export type DemoSignIn = { role: string; email: string; password: string; organization: string | null };
export type DemoLoaded = { signIns: DemoSignIn[]; apiKeys: DemoKey[] };

// Taken inside the loading transaction so two processes seeding one PostgreSQL database at once
// load the demo once.
const DEMO_LOCK = 727002;

/** Loads the demo only into a database without any organization (a new installation). */
export async function seedDemoIfEmpty(db: Database): Promise<DemoLoaded | null> {
  return load(db, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(organizations);
    return row!.n === 0;
  });
}

/** Loads the demo unless its organizations already exist (then it changes nothing: null). */
export async function seedDemo(db: Database): Promise<DemoLoaded | null> {
  return load(db, async (tx) => (await existingDemoOrganizations(tx)).length === 0);
}

/** Names of the demo organizations present in the database. */
export async function existingDemoOrganizations(db: Database | Tx): Promise<string[]> {
  const rows = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.siteId, demoOrganizations.map((o) => o.siteId)));
  return rows.map((r) => r.name);
}

async function load(db: Database, shouldLoad: (tx: Tx) => Promise<boolean>): Promise<DemoLoaded | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
    if (!(await shouldLoad(tx))) return null;

    const moduleIds = await catalogue(tx);
    const orgIds = new Map<string, string>();
    const apiKeys: DemoKey[] = [];
    for (const spec of demoOrganizations) {
      const loaded = await organization(tx, spec, moduleIds);
      orgIds.set(spec.name, loaded.id);
      apiKeys.push(...loaded.apiKeys);
    }

    // Accounts whose email is already taken (e.g. created with the CLI) are left as they are.
    const taken = new Set((await tx.select({ email: consoleAccounts.email }).from(consoleAccounts)).map((a) => a.email.toLowerCase()));
    const signIns: DemoSignIn[] = [];
    for (const account of demoAccounts) {
      if (taken.has(account.email)) continue;
      const input = accountCreateInput.parse({
        email: account.email,
        password: account.password,
        role: account.role,
        organizationId: account.organization ? orgIds.get(account.organization) : undefined,
      });
      await createAccount(tx, systemActor, input);
      signIns.push({ ...account });
    }
    return { signIns, apiKeys };
  });
}

/** The vendor's modules and plans; ones that already exist (same key or name) are reused. */
async function catalogue(tx: Tx): Promise<Map<string, string>> {
  const inserted = await tx.insert(modules).values([...demoModules]).onConflictDoNothing().returning();
  for (const m of inserted) {
    await recordAudit(tx, systemActor, { organizationId: null, action: "module.create", targetType: "module", targetId: m.id, after: { key: m.key, name: m.name } });
  }
  const all = await tx.select({ id: modules.id, key: modules.key }).from(modules);
  const moduleIds = new Map(all.map((m) => [m.key, m.id]));

  for (const plan of demoPlans) {
    const [row] = await tx.insert(plans).values({ name: plan.name, description: plan.description }).onConflictDoNothing().returning();
    if (!row) continue;
    await tx.insert(planModules).values(
      plan.modules.map((m) => ({
        planId: row.id,
        moduleId: moduleIds.get(m.key)!,
        model: m.model,
        includedCapacity: m.includedCapacity,
        maxCapacity: m.maxCapacity,
      })),
    );
    await recordAudit(tx, systemActor, { organizationId: null, action: "plan.create", targetType: "plan", targetId: row.id, after: plan });
  }
  return moduleIds;
}

const day = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * day);
const dateFromNow = (days: number) => daysFromNow(days).toISOString().slice(0, 10);

async function organization(tx: Tx, spec: DemoOrganization, moduleIds: Map<string, string>) {
  const [org] = await tx.insert(organizations).values({ name: spec.name, siteId: spec.siteId }).returning();
  const organizationId = org!.id;
  const audit = (action: string, targetType: string, targetId: string, after: unknown) =>
    recordAudit(tx, systemActor, { organizationId, action, targetType, targetId, after });
  await audit("organization.create", "organization", organizationId, { name: spec.name, siteId: spec.siteId });

  const planRows = await tx.select({ id: plans.id, name: plans.name }).from(plans);
  const poolIds = new Map<string, { poolId: string; contractId: string; leaseDays: number }>();
  const apiKeys: DemoKey[] = [];
  for (const c of spec.contracts) {
    const [contract] = await tx
      .insert(contracts)
      .values({
        organizationId,
        planId: c.plan ? planRows.find((p) => p.name === c.plan)?.id : undefined,
        endsAt: c.endsInDays === null ? null : daysFromNow(c.endsInDays),
      })
      .returning();
    const pools = await tx
      .insert(licensePools)
      .values(c.pools.map((p) => ({ ...p, organizationId, contractId: contract!.id, moduleId: moduleIds.get(p.module)! })))
      .returning();
    for (const pool of pools) {
      const key = c.pools.find((p) => moduleIds.get(p.module) === pool.moduleId)!.module;
      poolIds.set(key, { poolId: pool.id, contractId: contract!.id, leaseDays: pool.leaseDays });
    }
    await audit("contract.create", "contract", contract!.id, { plan: c.plan ?? null, endsAt: contract!.endsAt, pools: c.pools });
    const { secret } = await createApiKey(tx, systemActor, contract!.id, c.apiKeyName);
    apiKeys.push({ organization: spec.name, contractId: contract!.id, secret });
  }

  const profileIds = new Map<string, string>();
  for (const p of spec.profiles) {
    const [profile] = await tx.insert(profiles).values({ organizationId, name: p.name }).returning();
    profileIds.set(p.name, profile!.id);
    if (p.modules.length > 0) {
      await tx
        .insert(profileModules)
        .values(p.modules.map((m) => ({ organizationId, profileId: profile!.id, moduleId: moduleIds.get(m)! })));
    }
    await audit("profile.create", "profile", profile!.id, { name: p.name, modules: p.modules });
  }

  const userRows = await tx
    .insert(users)
    .values(
      spec.users.map((u) => ({
        organizationId,
        username: u.username,
        email: `${u.username}@${spec.emailDomain}`,
        status: u.status ?? "active",
        credentials: u.credentials ?? "none",
        validTo: u.validToInDays === undefined ? null : dateFromNow(u.validToInDays),
        profileId: u.profile ? profileIds.get(u.profile)! : null,
      })),
    )
    .returning();
  for (const u of userRows) {
    await audit("user.create", "user", u.id, { username: u.username, status: u.status, credentials: u.credentials, validTo: u.validTo, profileId: u.profileId });
  }

  for (const a of spec.activations) {
    const pool = poolIds.get(a.module)!;
    const [activation] = await tx
      .insert(deviceActivations)
      .values({
        organizationId,
        contractId: pool.contractId,
        poolId: pool.poolId,
        userId: a.username ? userRows.find((u) => u.username === a.username)?.id : undefined,
        fingerprint: a.fingerprint,
        platform: a.platform,
        name: a.name,
        leaseExpiresAt: daysFromNow(pool.leaseDays),
      })
      .returning();
    await tx
      .update(licensePools)
      .set({ activationsHeld: sql`${licensePools.activationsHeld} + 1` })
      .where(eq(licensePools.id, pool.poolId));
    await audit("activation.create", "device_activation", activation!.id, { fingerprint: a.fingerprint, platform: a.platform, name: a.name });
  }
  return { id: organizationId, apiKeys };
}
