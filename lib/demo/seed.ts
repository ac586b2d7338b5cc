import "server-only";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { createAccount } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/licensing/actor";
import { recordAudit } from "@/lib/licensing/audit";
import { createOrganization, createPlan, upsertModule } from "@/lib/licensing/catalogue";
import { createContract } from "@/lib/licensing/contracts";
import { createProfile } from "@/lib/licensing/profiles";
import { createApiKey } from "@/lib/licensing/tokens";
import { createUser, updateUser } from "@/lib/licensing/users";
import { VENDOR } from "@/lib/licensing/input";
import {
  demoAccounts,
  demoModules,
  demoOrganizations,
  demoPlans,
  type DemoOrganization,
} from "@/lib/runtime/demo-data";
import type { DemoKey } from "@/lib/runtime/demo-keys";
import { accountCreateInput } from "@/lib/validation/accounts";
import type { Database, Tx } from "@/db/client";
import { seedDemoHistory } from "./history";
import { consoleAccounts, deviceActivations, licensePools, modules, organizations, plans } from "@/db/schema";

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
    .where(
      inArray(
        organizations.siteId,
        demoOrganizations.map((o) => o.siteId),
      ),
    );
  return rows.map((r) => r.name);
}

async function load(db: Database, shouldLoad: (tx: Tx) => Promise<boolean>): Promise<DemoLoaded | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
    if (!(await shouldLoad(tx))) return null;

    await catalogue(tx);
    const orgIds = new Map<string, string>();
    const apiKeys: DemoKey[] = [];
    for (const spec of demoOrganizations) {
      const loaded = await organization(tx, spec);
      orgIds.set(spec.name, loaded.id);
      apiKeys.push(...loaded.apiKeys);
    }

    // Accounts whose email is already taken (e.g. created with the CLI) are left as they are.
    const taken = new Set(
      (await tx.select({ email: consoleAccounts.email }).from(consoleAccounts)).map((a) => a.email.toLowerCase()),
    );
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
async function catalogue(tx: Tx) {
  const existing = new Map((await tx.select({ key: modules.key }).from(modules)).map((m) => [m.key, true]));
  for (const m of demoModules) {
    if (!existing.has(m.key)) await upsertModule(tx, systemActor, m);
  }
  const planNames = new Set((await tx.select({ name: plans.name }).from(plans)).map((p) => p.name.toLowerCase()));
  for (const plan of demoPlans) {
    if (planNames.has(plan.name.toLowerCase())) continue;
    await createPlan(tx, systemActor, {
      name: plan.name,
      description: plan.description,
      currency: plan.currency,
      modules: plan.modules.map(({ key, ...m }) => ({ module: key, ...m })),
    });
  }
}

const day = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * day);
const dateFromNow = (days: number) => daysFromNow(days).toISOString().slice(0, 10);

// Through the licensing engine, so the demo obeys every rule (users are refused beyond capacity).
async function organization(tx: Tx, spec: DemoOrganization) {
  const org = await createOrganization(tx, systemActor, {
    name: spec.name,
    siteId: spec.siteId,
    timeZone: spec.timeZone,
  });
  const organizationId = org.id;

  const pools = new Map<string, { id: string; contractId: string; leaseDays: number }>();
  const apiKeys: DemoKey[] = [];
  for (const c of spec.contracts) {
    const contract = await createContract(tx, systemActor, {
      organizationId,
      plan: c.plan,
      // In force for 40 days already, so its 30 days of history fall inside it.
      startsAt: daysFromNow(c.startsInDays ?? -40),
      endsAt: c.endsInDays === null ? null : daysFromNow(c.endsInDays),
      currency: c.currency,
      pools: c.pools,
    });
    // Rule 25: the demo's concurrent pools lend up to half their seats for three days offline.
    await tx
      .update(licensePools)
      .set({ maxBorrowHours: 72, borrowPercent: 50 })
      .where(and(eq(licensePools.contractId, contract.id), eq(licensePools.model, "concurrent")));
    if (!c.apiKeyName) continue;
    for (const pool of contract.pools)
      pools.set(pool.module, { id: pool.id, contractId: contract.id, leaseDays: pool.leaseDays });
    const { secret } = await createApiKey(tx, systemActor, contract.id, c.apiKeyName);
    apiKeys.push({ organization: spec.name, contractId: contract.id, secret });
  }

  const profileIds = new Map<string, string>();
  for (const p of spec.profiles) {
    const profile = await createProfile(tx, systemActor, organizationId, { name: p.name, modules: p.modules });
    profileIds.set(p.name, profile.id);
  }

  const userIds = new Map<string, string>();
  for (const u of spec.users) {
    const user = await createUser(tx, systemActor, organizationId, {
      username: u.username,
      email: `${u.username}@${spec.emailDomain}`,
      profileId: u.profile ? profileIds.get(u.profile)! : null,
      status: u.status ?? "active",
      // Revoked credentials were issued once; they start as none here, which holds no seat either.
      credentials: u.credentials === "issued" ? "issued" : "none",
      validTo: u.validToInDays === undefined ? null : dateFromNow(u.validToInDays),
    });
    if (u.credentials === "revoked") await updateUser(tx, systemActor, user.id, { credentials: "revoked" }, VENDOR);
    userIds.set(u.username, user.id);
  }

  // Devices activated earlier: written directly, since there is no device here to hand a signed
  // lease token to. The pool's activation counter moves with them.
  for (const a of spec.activations) {
    const pool = pools.get(a.module)!;
    const [activation] = await tx
      .insert(deviceActivations)
      .values({
        organizationId,
        contractId: pool.contractId,
        poolId: pool.id,
        userId: a.username ? userIds.get(a.username) : undefined,
        fingerprint: a.fingerprint,
        platform: a.platform,
        name: a.name,
        leaseExpiresAt: daysFromNow(pool.leaseDays),
      })
      .returning();
    await tx
      .update(licensePools)
      .set({ activationsHeld: sql`${licensePools.activationsHeld} + 1` })
      .where(eq(licensePools.id, pool.id));
    await recordAudit(tx, systemActor, {
      organizationId,
      action: "activation.create",
      targetType: "device_activation",
      targetId: activation!.id,
      after: { fingerprint: a.fingerprint, platform: a.platform, name: a.name },
    });
  }
  await seedDemoHistory(tx, organizationId);
  return { id: organizationId, apiKeys };
}
