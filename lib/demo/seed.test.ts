import { and, count, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testDb, onPostgres } from "@/lib/testing/db";
import { demoAccounts, demoOrganizations, demoSeatHolders } from "@/lib/runtime/demo-data";
import type { Database } from "@/db/client";
import { consoleAccounts, licensePools, organizations, tokens } from "@/db/schema";
import { seedDemo, seedDemoIfEmpty } from "./seed";

// The demo's site IDs are fixed, so on a shared PostgreSQL database this file must own it alone;
// there it runs only on a database without the demo (a fresh CI database).
const demoSiteIds = demoOrganizations.map((o) => o.siteId);

/** Seats held in each named pool by users, by SPEC rule 1. */
async function namedConsumption(db: Database, organizationIds: string[]) {
  const rows = await db.execute(sql`
    select p.id, p.capacity, count(u.id)::int as used
    from license_pools p
    left join profile_modules pm on pm.module_id = p.module_id and pm.organization_id = p.organization_id
    left join users u on u.profile_id = pm.profile_id and u.status = 'active' and u.credentials = 'issued'
      and (u.valid_to is null or u.valid_to >= current_date)
    where p.model = 'named' and p.organization_id in ${organizationIds}
    group by p.id, p.capacity`);
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    id: string;
    capacity: number;
    used: number;
  }[];
}

describe("the demo", () => {
  let db: Database;
  let demoAlreadyThere = false;

  beforeAll(async () => {
    db = await testDb();
    const [row] = await db.select({ n: count() }).from(organizations).where(inArray(organizations.siteId, demoSiteIds));
    demoAlreadyThere = row!.n > 0;
  });

  it("loads three organizations, four console accounts and an API key per contract into an empty database", async ({
    skip,
  }) => {
    if (onPostgres()) {
      // seedDemoIfEmpty needs a database with no organization at all, which a shared one is not.
      if (demoAlreadyThere) skip();
      const loaded = await seedDemo(db);
      expect(loaded).not.toBeNull();
    } else {
      const loaded = await seedDemoIfEmpty(db);
      expect(loaded?.signIns.map((s) => [s.role, s.email, s.password])).toEqual(
        demoAccounts.map((a) => [a.role, a.email, a.password]),
      );
      expect(loaded?.apiKeys.length).toBe(
        demoOrganizations.flatMap((o) => o.contracts).filter((c) => c.apiKeyName).length,
      );
    }

    const orgs = await db.select().from(organizations).where(inArray(organizations.siteId, demoSiteIds));
    expect(orgs.map((o) => o.name).sort()).toEqual(["Basalt Engineering", "Fjord Legal", "Northwind Archive"]);

    const accounts = await db
      .select({
        email: consoleAccounts.email,
        role: consoleAccounts.role,
        organizationId: consoleAccounts.organizationId,
      })
      .from(consoleAccounts)
      .where(
        inArray(
          consoleAccounts.email,
          demoAccounts.map((a) => a.email),
        ),
      );
    expect(accounts).toHaveLength(4);
    const fjord = orgs.find((o) => o.name === "Fjord Legal")!;
    expect(
      accounts.filter((a) => a.role === "owner" || a.role === "admin").every((a) => a.organizationId === fjord.id),
    ).toBe(true);

    const keys = await db
      .select({ n: count() })
      .from(tokens)
      .where(
        and(
          eq(tokens.kind, "contract_api_key"),
          inArray(
            tokens.organizationId,
            orgs.map((o) => o.id),
          ),
        ),
      );
    expect(keys[0]!.n).toBe(4);

    const consumption = await namedConsumption(
      db,
      orgs.map((o) => o.id),
    );
    expect(consumption.length).toBeGreaterThan(0);
    for (const pool of consumption) expect(pool.used).toBeLessThanOrEqual(pool.capacity);
    // Fjord Legal: Case Management 9 of 10 (at the warning threshold), Document Management 5 of 6.
    const fjordPools = await namedConsumption(db, [fjord.id]);
    expect(fjordPools.map((p) => `${p.used}/${p.capacity}`).sort()).toEqual(["5/6", "9/10"]);
    // npm run simulate opens Fjord's named sessions as exactly these seat holders.
    expect(demoSeatHolders("Fjord Legal", "case-management")).toHaveLength(9);
    expect(demoSeatHolders("Fjord Legal", "documents")).toHaveLength(5);
    expect(demoSeatHolders("Basalt Engineering", "enterprise").length).toBeGreaterThan(0);

    const pools = await db
      .select()
      .from(licensePools)
      .where(
        inArray(
          licensePools.organizationId,
          orgs.map((o) => o.id),
        ),
      );
    for (const pool of pools) {
      expect(pool.activationsHeld).toBeLessThanOrEqual(
        pool.capacity * pool.activationsPerLicense + pool.extraActivations,
      );
    }
  });

  it("has 30 days of history for every pool in force, and denials on the days a concurrent pool was full", async () => {
    const history = await db.execute(sql`
      select p.id, p.model,
             (select count(*)::int from usage_daily d where d.pool_id = p.id and d.day >= now() - interval '31 days') as days,
             (select count(*)::int from usage_samples s where s.pool_id = p.id and s.bucket >= now() - interval '24 hours') as samples,
             (select count(*)::int from usage_daily d where d.pool_id = p.id and d.at_limit) as full_days,
             (select count(*)::int from denials n where n.pool_id = p.id) as denials,
             (select count(*)::int from denials n where n.pool_id = p.id and n.username is null) as anonymous
        from license_pools p
        join contracts c on c.id = p.contract_id
        join organizations o on o.id = p.organization_id
       where o.site_id in ${demoSiteIds} and c.starts_at <= now()`);
    const rows = (Array.isArray(history) ? history : (history as { rows: unknown[] }).rows) as {
      model: string;
      days: number;
      samples: number;
      full_days: number;
      denials: number;
      anonymous: number;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const pool of rows) {
      expect(pool.days).toBeGreaterThanOrEqual(30);
      expect(pool.samples).toBeGreaterThanOrEqual(140);
      if (pool.model === "concurrent" && pool.full_days > 0) expect(pool.denials).toBeGreaterThan(0);
      // Each names the user turned away, as a licensed application's would.
      expect(pool.anonymous).toBe(0);
    }
  });

  it("changes nothing the second time", async () => {
    const before = await db.select({ n: count() }).from(organizations);
    expect(await seedDemoIfEmpty(db)).toBeNull();
    expect(await seedDemo(db)).toBeNull();
    const after = await db.select({ n: count() }).from(organizations);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
