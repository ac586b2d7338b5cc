import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { hashSecret } from "@/lib/licensing/tokens";

// The morning log-in storm: many organizations, each with its own contract, API key and a few
// pools, whose people open their applications at once. Seeded with a handful of set-based
// statements (one per table, over generate_series), so 200 organizations take well under a second
// or two, and deleted again after the step (the server's usage sampler reads every pool).

/** The storm's pools: every organization has the first two, every second one the third too (2–3 pools). */
export const STORM_POOLS = [
  { module: "bench-storm-desktop", name: "Bench Storm Desktop", model: "concurrent", everyOrganization: true },
  { module: "bench-storm-cases", name: "Bench Storm Cases", model: "named", everyOrganization: true },
  { module: "bench-storm-web", name: "Bench Storm Web", model: "concurrent", everyOrganization: false },
] as const;

/** Users of each organization, each holding a seat in its named pool (sessions there name one of them). */
export const STORM_USERS = 3;
const CONCURRENT_CAPACITY = 10_000;
const NAMED_CAPACITY = 10;

/** One pool an application opens sessions on: its organization's key, the module, and a user for a named pool. */
export type StormTarget = { apiKey: string; module: string; username?: string };

export type StormOrganizations = {
  /** Every organization's site id starts with this (deleteStormOrganizations). */
  sitePrefix: string;
  organizations: number;
  pools: number;
  /** Every pool of every organization, organizations interleaved: neighbours belong to different ones. */
  targets: StormTarget[];
  seconds: number;
};

const username = (k: number) => `storm-user-${k}`;

/** Seeds `count` organizations, each with an active contract, 2–3 pools, a profile, users and one API key. */
export async function seedStormOrganizations(db: Database, count: number): Promise<StormOrganizations> {
  const started = performance.now();
  const stamp = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const sitePrefix = `bench-storm-${stamp}-`;
  // The keys' secrets are made here (the server stores only their hashes), one per organization n.
  const keys = Array.from({ length: count }, (_, i) => {
    const secret = `sk_live_${randomBytes(24).toString("base64url")}`;
    return { n: i + 1, secret, hash: hashSecret(secret), prefix: secret.slice(0, 12) };
  });
  const pools = JSON.stringify(STORM_POOLS.map((p) => ({ ...p, capacity: capacityOf(p.model) })));
  const ours = sql`o.site_id like ${`${sitePrefix}%`}`;
  // The organization's number n (1 … count), from its site id.
  const n = sql`substring(o.site_id from ${sitePrefix.length + 1}::int)::int`;

  await db.transaction(async (tx) => {
    // Seeding runs statements longer than a request's statement_timeout allows.
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`
      insert into modules (key, name)
      select p.module, p.name from json_to_recordset(${pools}::json) as p(module text, name text)
      on conflict (key) do nothing`);
    await tx.execute(sql`
      insert into organizations (name, site_id)
      select 'Bench storm ' || ${stamp} || ' ' || g, ${sitePrefix} || g from generate_series(1, ${count}::int) g`);
    await tx.execute(sql`
      insert into contracts (organization_id, starts_at, ends_at, status)
      select o.id, now() - interval '30 days', now() + interval '335 days', 'active' from organizations o where ${ours}`);
    await tx.execute(sql`
      insert into license_pools (organization_id, contract_id, module_id, model, capacity, max_capacity, heartbeat_seconds)
      select o.id, c.id, m.id, p.model::pool_model, p.capacity, p.capacity, 120
        from organizations o
        join contracts c on c.organization_id = o.id
        cross join json_to_recordset(${pools}::json) as p(module text, model text, capacity int, "everyOrganization" boolean)
        join modules m on m.key = p.module
       where ${ours} and (p."everyOrganization" or ${n} % 2 = 0)`);
    await tx.execute(sql`
      insert into profiles (organization_id, name) select o.id, 'Storm users' from organizations o where ${ours}`);
    await tx.execute(sql`
      insert into profile_modules (organization_id, profile_id, module_id)
      select o.id, pr.id, lp.module_id
        from organizations o join profiles pr on pr.organization_id = o.id join license_pools lp on lp.organization_id = o.id
       where ${ours}`);
    // Lower-case ASCII usernames, so username_key (their folded form) is the username itself.
    await tx.execute(sql`
      insert into users (organization_id, username, username_key, email, status, credentials, profile_id)
      select o.id, 'storm-user-' || k, 'storm-user-' || k, 'storm-user-' || k || '@' || o.site_id || '.test', 'active', 'issued', pr.id
        from organizations o join profiles pr on pr.organization_id = o.id cross join generate_series(1, ${STORM_USERS}::int) k
       where ${ours}`);
    await tx.execute(sql`
      insert into tokens (kind, name, prefix, secret_hash, organization_id, contract_id, created_by)
      select 'contract_api_key', 'bench storm', k.prefix, k.hash, o.id, c.id, 'bench'
        from organizations o
        join contracts c on c.organization_id = o.id
        join json_to_recordset(${JSON.stringify(keys.map(({ n, hash, prefix }) => ({ n, hash, prefix })))}::json) as k(n int, hash text, prefix text) on k.n = ${n}
       where ${ours}`);
  });

  const rows = rowsOf<{ n: number; module: string; model: string }>(
    await db.execute(sql`
      select ${n} as n, m.key as module, lp.model from organizations o
        join license_pools lp on lp.organization_id = o.id join modules m on m.id = lp.module_id
       where ${ours}`),
  );
  const secretOf = new Map(keys.map((k) => [k.n, k.secret]));
  const order = new Map<string, number>(STORM_POOLS.map((p, i) => [p.module, i]));
  rows.sort((a, b) => order.get(a.module)! - order.get(b.module)! || Number(a.n) - Number(b.n));
  const targets = rows.map((r, i) => ({
    apiKey: secretOf.get(Number(r.n))!,
    module: r.module,
    ...(r.model === "named" ? { username: username(1 + (i % STORM_USERS)) } : {}),
  }));
  return {
    sitePrefix,
    organizations: count,
    pools: targets.length,
    targets,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function capacityOf(model: "named" | "concurrent") {
  return model === "named" ? NAMED_CAPACITY : CONCURRENT_CAPACITY;
}

/** Deletes the storm's organizations and everything of theirs (sessions, audit events, keys…). */
export async function deleteStormOrganizations(db: Database, storm: Pick<StormOrganizations, "sitePrefix">) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql`delete from organizations where site_id like ${`${storm.sitePrefix}%`}`);
  });
}
