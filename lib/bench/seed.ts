import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Executor } from "@/db/client";
import { rollUpDays } from "@/lib/reports/sampling";

// The fast seeder behind `npm run bench:seed`: an organization at console scale, written with a
// handful of set-based statements (generate_series) instead of one call per row. It writes the
// rows the engine would have written (pool counters included), so every console query and every
// rule sees a consistent organization.

export type ScaleOptions = {
  users: number;
  profiles: number;
  liveSessions: number;
  activations: number;
  /** Minute samples per main pool, ending at the current minute (a year is 525,600). */
  sampleMinutes: number;
  /** Denial rows over the last 13 months (the retention), for the denials page's timings. */
  denials?: number;
  /** Audit events over the last 13 months, changes and client activity mixed. */
  auditEvents?: number;
};

export const FULL_SCALE: ScaleOptions = {
  users: 100_000,
  profiles: 200,
  liveSessions: 5_000,
  activations: 20_000,
  sampleMinutes: 525_600,
  denials: 1_000_000,
  auditEvents: 200_000,
};

export type ScaleOrganization = {
  organizationId: string;
  contractId: string;
  siteId: string;
  users: number;
  created: boolean;
  seconds: number;
};

/** Modules of the bench catalogue: three named pools, one for sessions, one for devices. */
const MODULES = [
  { key: "bench-cases", name: "Bench Cases", model: "named" },
  { key: "bench-documents", name: "Bench Documents", model: "named" },
  { key: "bench-reports", name: "Bench Reports", model: "named" },
  { key: "bench-desktop", name: "Bench Desktop", model: "concurrent" },
  { key: "bench-mobile", name: "Bench Mobile", model: "concurrent" },
] as const;

/** The pools that get a year of minute samples: the busiest named pool and the sessions pool. */
const SAMPLED = ["bench-cases", "bench-desktop"];

const one = async <T>(ex: Executor, query: ReturnType<typeof sql>) => rowsOf<T>(await ex.execute(query))[0]!;

/** The scale organization for `options.users` users: reused when it exists (unless `fresh`), seeded otherwise. */
export async function seedScaleOrganization(
  db: Database,
  options: ScaleOptions,
  fresh = false,
): Promise<ScaleOrganization> {
  const siteId = `bench-scale-${options.users}`;
  const started = performance.now();
  const existing = rowsOf<{ organizationId: string; contractId: string }>(
    await db.execute(
      sql`select o.id as "organizationId", c.id as "contractId" from organizations o join contracts c on c.organization_id = o.id where o.site_id = ${siteId} limit 1`,
    ),
  )[0];
  if (existing && !fresh) return { ...existing, siteId, users: options.users, created: false, seconds: 0 };
  // Seeding runs statements far longer than a request's statement_timeout allows.
  if (existing) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(sql`delete from organizations where site_id = ${siteId}`);
    });
  }

  const ids = await db.transaction(async (tx) => {
    await tx.execute(sql`set local statement_timeout = 0`);
    for (const m of MODULES) {
      await tx.execute(sql`insert into modules (key, name) values (${m.key}, ${m.name}) on conflict (key) do nothing`);
    }
    const org = await one<{ id: string }>(
      tx,
      sql`insert into organizations (name, site_id) values (${`Bench Scale ${options.users.toLocaleString("en")} users`}, ${siteId}) returning id`,
    );
    const contract = await one<{ id: string }>(
      tx,
      sql`insert into contracts (organization_id, starts_at, ends_at, status) values (${org.id}, now() - interval '400 days', now() + interval '300 days', 'active') returning id`,
    );
    await seedPools(tx, org.id, contract.id, options);
    await seedPeople(tx, org.id, options);
    await seedLiveRows(tx, org.id, contract.id, options);
    await seedHistory(tx, org.id, options);
    return { organizationId: org.id, contractId: contract.id };
  });
  // Fresh statistics so the planner sees the new sizes at once, small tables included (never
  // analyzed, contracts was estimated at one row, and the sampler's plan took 2 s instead of 20 ms).
  // VACUUM too: the visibility map lets counts over 100,000 users use index-only scans, as on a
  // database autovacuum keeps up to date.
  await vacuum(db, [
    "users",
    "sessions",
    "device_activations",
    "usage_samples",
    "usage_daily",
    "profile_modules",
    "denials",
    "organizations",
    "contracts",
    "license_pools",
    "profiles",
    "modules",
    "audit_events",
  ]);
  return {
    ...ids,
    siteId,
    users: options.users,
    created: true,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function seedPools(tx: Executor, organizationId: string, contractId: string, o: ScaleOptions) {
  // Named pools hold every user who may consume; the sessions pool has room above its live
  // sessions (a fifth more, plus the bench's own clients); the device pool allows a quarter more
  // than the activations written.
  const sessionCapacity = Math.ceil(o.liveSessions * 1.2) + 50;
  const deviceCapacity = Math.max(1, Math.ceil(o.activations / 4));
  await tx.execute(sql`
    insert into license_pools (organization_id, contract_id, module_id, model, capacity, max_capacity, activations_per_license, api_connects_per_license, heartbeat_seconds)
    select ${organizationId}, ${contractId}, m.id, v.model::pool_model, v.capacity, v.capacity * 2, v.activations, 10, 120
      from (values
        ('bench-cases', 'named', ${o.users}::int, 0),
        ('bench-documents', 'named', ${o.users}::int, 0),
        ('bench-reports', 'named', ${o.users}::int, 0),
        ('bench-desktop', 'concurrent', ${sessionCapacity}::int, 0),
        ('bench-mobile', 'concurrent', ${deviceCapacity}::int, 5)
      ) as v(key, model, capacity, activations)
      join modules m on m.key = v.key`);
}

async function seedPeople(tx: Executor, organizationId: string, o: ScaleOptions) {
  await tx.execute(sql`
    insert into profiles (organization_id, name)
    select ${organizationId}, 'Profile ' || lpad(g::text, 4, '0') from generate_series(1, ${o.profiles}) g`);
  // Profile n grants a module set that varies with n; every tenth profile grants nothing.
  await tx.execute(sql`
    insert into profile_modules (organization_id, profile_id, module_id)
    select ${organizationId}, p.id, m.id
      from (select id, row_number() over (order by name) as n from profiles where organization_id = ${organizationId}) p
      join (select id, row_number() over (order by key) as k from modules where key like 'bench-%') m on (p.n + m.k) % 3 <> 0
     where p.n % 10 <> 0`);
  // Most users consume: 1 in 20 inactive, 1 in 10 without credentials, 1 in 50 past validTo.
  await tx.execute(sql`
    insert into users (organization_id, username, username_key, email, status, credentials, valid_to, profile_id, created_at)
    select ${organizationId},
           'user' || lpad(g::text, 6, '0'),
           'user' || lpad(g::text, 6, '0'),
           'user' || lpad(g::text, 6, '0') || '@bench.test',
           (case when g % 20 = 0 then 'inactive' else 'active' end)::user_status,
           (case when g % 10 = 3 then 'none' else 'issued' end)::credential_state,
           case when g % 50 = 7 then current_date - 1 when g % 5 = 1 then current_date + 365 end,
           profile_ids[1 + g % array_length(profile_ids, 1)],
           now() - make_interval(mins => g)
      from generate_series(1, ${o.users}) g,
           (select array_agg(id order by name) as profile_ids from profiles where organization_id = ${organizationId}) p`);
}

async function seedLiveRows(tx: Executor, organizationId: string, contractId: string, o: ScaleOptions) {
  // Live sessions far from their heartbeat cut-off, so they stay live for the whole bench run.
  await tx.execute(sql`
    with pool as (select lp.id from license_pools lp join modules m on m.id = lp.module_id where lp.contract_id = ${contractId} and m.key = 'bench-desktop'),
    who as (select id, row_number() over (order by username) as n from users where organization_id = ${organizationId} and status = 'active' limit ${o.liveSessions})
    insert into sessions (organization_id, contract_id, pool_id, user_id, client_type, device_id, weight, seats_held, created_at, last_heartbeat_at, expires_at)
    select ${organizationId}, ${contractId}, pool.id, who.id, (array['desktop','web','mobile'])[1 + g % 3]::client_type, 'bench-device-' || g, 1, 1,
           now() - make_interval(mins => g % 600), now(), now() + interval '30 days'
      from generate_series(1, ${o.liveSessions}) g cross join pool left join who on who.n = g`);
  await tx.execute(sql`
    update license_pools lp set sessions_held = (select count(*) from sessions s where s.pool_id = lp.id and s.ended_at is null)
     where lp.contract_id = ${contractId}`);
  await tx.execute(sql`
    insert into device_activations (organization_id, contract_id, pool_id, fingerprint, platform, name, created_at, last_refreshed_at, lease_expires_at)
    select ${organizationId}, ${contractId}, lp.id, 'bench-fp-' || g, (array['mobile','desktop','server'])[1 + g % 3]::device_platform, 'Device ' || g,
           now() - make_interval(hours => g % 2000), now(), now() + make_interval(days => 1 + g % 7)
      from generate_series(1, ${o.activations}) g
      cross join (select lp.id from license_pools lp join modules m on m.id = lp.module_id where lp.contract_id = ${contractId} and m.key = 'bench-mobile') lp`);
  await tx.execute(sql`
    update license_pools lp set activations_held = (select count(*) from device_activations a where a.pool_id = lp.id and a.ended_at is null)
     where lp.contract_id = ${contractId}`);
}

async function seedHistory(tx: Executor, organizationId: string, o: ScaleOptions) {
  // A daily wave around half the capacity, one sample a minute up to the current minute.
  await tx.execute(sql`
    insert into usage_samples (organization_id, pool_id, bucket, capacity, peak_in_use, avg_in_use, activations, denials, samples)
    select ${organizationId}, lp.id, b, lp.capacity,
           greatest(0, round(lp.capacity * (0.5 + 0.3 * sin(extract(epoch from b) / 13751.0))))::int,
           greatest(0, lp.capacity * (0.45 + 0.3 * sin(extract(epoch from b) / 13751.0))),
           lp.activations_held, case when extract(minute from b)::int % 97 = 0 then 1 else 0 end, 4
      from license_pools lp
      join modules m on m.id = lp.module_id and m.key in (${sql.join(
        SAMPLED.map((k) => sql`${k}`),
        sql`, `,
      )})
      cross join generate_series(date_trunc('minute', now()) - make_interval(mins => ${o.sampleMinutes}), date_trunc('minute', now()) - interval '1 minute', interval '1 minute') b
     where lp.organization_id = ${organizationId}`);
  await rollUpDays(tx, organizationId);
  await seedDenials(tx, organizationId, o);
  await seedAudit(tx, organizationId, o);
}

async function seedDenials(tx: Executor, organizationId: string, o: ScaleOptions) {
  // Spread over every pool and 13 months (the retention), newest first by g: codes, users and
  // devices vary so each filter of the denials page finds rows; 1 in 3 is anonymous (a device).
  const n = o.denials ?? 2_000;
  const span = 13 * 30 * 24 * 3600;
  await tx.execute(sql`
    with pools as (select array_agg(lp.id order by m.key) as ids, array_agg(lp.module_id order by m.key) as modules
                     from license_pools lp join modules m on m.id = lp.module_id where lp.organization_id = ${organizationId})
    insert into denials (organization_id, contract_id, pool_id, module_id, kind, code, message, username, device_id, client_type, actor, created_at)
    select ${organizationId}, null, pools.ids[1 + g % 5], pools.modules[1 + g % 5],
           (array['session','activation','api_connect','seat'])[1 + g % 4]::denial_kind,
           (array['SESSION_LIMIT_REACHED','DEVICE_LIMIT_REACHED','API_QUOTA_EXHAUSTED','INSUFFICIENT_LICENSES','USER_INACTIVE','NO_CREDENTIALS'])[1 + g % 6],
           'All licences are in use.',
           case when g % 3 = 0 then null else 'user' || lpad((g % ${o.users} + 1)::text, 6, '0') end,
           'bench-device-' || (g % 5000),
           (array['desktop','web','mobile','api'])[1 + g % 4]::client_type,
           'key:bench',
           now() - make_interval(secs => (g::float8 * ${span} / ${n}))
      from generate_series(1, ${n}) g cross join pools`);
}

async function seedAudit(tx: Executor, organizationId: string, o: ScaleOptions) {
  // Three in four events are client activity (session.open/close), the rest changes to users.
  const n = o.auditEvents ?? 2_000;
  const span = 13 * 30 * 24 * 3600;
  await tx.execute(sql`
    insert into audit_events (organization_id, actor_type, actor_id, actor_label, action, target_type, target_id, after, created_at)
    select ${organizationId},
           (case when g % 4 = 0 then 'account' else 'token' end)::actor_type, null,
           case when g % 4 = 0 then 'admin@bench.test' else 'key:bench' end,
           case when g % 4 = 0 then 'user.update' when g % 2 = 0 then 'session.open' else 'session.close' end,
           case when g % 4 = 0 then 'user' else 'session' end,
           gen_random_uuid()::text, '{}'::jsonb,
           now() - make_interval(secs => (g::float8 * ${span} / ${n}))
      from generate_series(1, ${n}) g`);
}

/**
 * The tables the bench's own load churns: every open + close leaves dead row versions behind, and
 * the server's sampler updates every pool's minute bucket and day roll-up once a minute.
 */
export const CHURNED_TABLES = [
  "sessions",
  "license_pools",
  "audit_events",
  "api_connect_usage",
  "device_activations",
  "denials",
  "usage_samples",
  "usage_daily",
];

/**
 * VACUUM (ANALYZE), as autovacuum would have done by now on a normal server. The bench calls it
 * between its steps, so no step measures the dead rows the previous one left (pgbench, likewise,
 * vacuums before it runs unless told not to).
 */
export async function vacuum(db: Database, tables: string[]) {
  for (const table of tables) await db.execute(sql.raw(`vacuum (analyze) ${table}`));
}

/** A user of the scale organization who may open sessions on the sessions pool (rule 9). */
export async function sessionUser(db: Database, organizationId: string): Promise<string> {
  const row = await one<{ username: string }>(
    db,
    sql`select u.username from users u join profile_modules pm on pm.profile_id = u.profile_id join modules m on m.id = pm.module_id
         where u.organization_id = ${organizationId} and m.key = 'bench-desktop' and u.status = 'active' and u.credentials = 'issued' and (u.valid_to is null or u.valid_to >= current_date)
         order by u.username desc limit 1`,
  );
  return row.username;
}
