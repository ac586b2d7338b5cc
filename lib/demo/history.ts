import "server-only";
import { sql } from "drizzle-orm";
import { rollUpDays, utcDay } from "@/lib/reports/sampling";
import { poolUsages } from "@/lib/licensing/usage";
import type { Tx } from "@/db/client";

// Thirty days of history for a new demo, so no usage chart is empty on first run: the last 24 h
// as one sample every 10 minutes, the 29 days before as daily roll-ups, and the denials of days
// at the limit. Three set-based statements per organization; a pool's figures come from a hash of
// its id and the day, so the curves look lived-in yet load the same every time.

/** A stable 0–99 from a pool and a step: jitter without random(). */
const jitter = (step: ReturnType<typeof sql>) => sql`(abs(hashtext(x.pool_id::text || ':' || ${step})) % 100)`;

export async function seedDemoHistory(tx: Tx, organizationId: string) {
  const pools = (await poolUsages(tx, { organizationId }))
    .filter((p) => p.contractStatus === "active")
    .map((p) => ({
      pool_id: p.poolId,
      organization_id: p.organizationId,
      contract_id: p.contractId,
      model: p.model,
      capacity: p.capacity,
      in_use: p.inUse,
    }));
  if (pools.length === 0) return;
  const source = sql`json_to_recordset(${JSON.stringify(pools)}::json)
    as x(pool_id uuid, organization_id uuid, contract_id uuid, model text, capacity int, in_use int)`;

  // Named pools hold their seats all day (a user was added now and then); concurrent pools follow
  // the working day (UTC hours 7–17) with a quiet night.
  await tx.execute(sql`
    insert into usage_samples (organization_id, pool_id, bucket, capacity, peak_in_use, avg_in_use, samples)
    select x.organization_id, x.pool_id, s.bucket, x.capacity, v.n, v.n, 1
      from ${source}
     cross join generate_series(1, 144) as g(k)
     cross join lateral (select date_trunc('minute', now()) - g.k * interval '10 minutes' as bucket) s
     cross join lateral (
       select case when x.model = 'named' then x.in_use
              else least(x.capacity, greatest(0, round(
                x.capacity * (case when extract(hour from s.bucket at time zone 'UTC') between 7 and 17
                                   then 0.55 + 0.45 * sin(pi() * (extract(hour from s.bucket at time zone 'UTC') - 7) / 10)
                                   else 0.1 end)
                + (${jitter(sql`g.k`)} % 3) - 1)::int))
              end as n) v
    on conflict do nothing`);
  await rollUpDays(tx, organizationId);

  await tx.execute(sql`
    insert into usage_daily (organization_id, pool_id, day, capacity, peak_in_use, in_use_sum, samples, at_limit)
    select x.organization_id, x.pool_id, d.day, x.capacity, v.peak, v.peak * v.share * 1440, 1440,
           x.capacity > 0 and v.peak >= x.capacity
      from ${source}
     cross join generate_series(1, 30) as g(n)
     cross join lateral (select ${utcDay(sql`now()`)} - g.n * interval '1 day' as day) d
     cross join lateral (
       select case when x.model = 'named' then greatest(0, x.in_use - g.n / 10)
              else least(x.capacity, round(x.capacity *
                (case when extract(isodow from d.day) >= 6 then 0.3 else 0.7 end) + ${jitter(sql`g.n`)} / 30.0)::int)
              end as peak,
              case when x.model = 'named' then 1.0 else 0.45 end as share) v
    on conflict do nothing`);

  // Someone was turned away on each day a concurrent pool was full: a user whose profile grants the
  // module, as a licensed application names them, so the denials read like the live ones.
  await tx.execute(sql`
    insert into denials (organization_id, contract_id, pool_id, module_id, kind, code, message,
                         user_id, username, device_id, client_type, actor, created_at)
    select p.organization_id, p.contract_id, p.id, p.module_id, 'session', 'SESSION_LIMIT_REACHED',
           'All ' || d.capacity || ' concurrent sessions of ' || m.name || ' are in use.',
           u.id, u.username, 'demo-desktop-' || r.k, 'desktop', 'key:demo',
           d.day + interval '9 hours' + r.k * interval '47 minutes'
      from usage_daily d
      join license_pools p on p.id = d.pool_id
      join modules m on m.id = p.module_id
     cross join generate_series(1, 3) as r(k)
      left join lateral (
        select us.id, us.username
          from users us
          join profile_modules pm on pm.profile_id = us.profile_id and pm.module_id = p.module_id
         where us.organization_id = p.organization_id
         order by hashtext(us.id::text || d.day::text || r.k::text)
         limit 1) u on true
     where d.organization_id = ${organizationId} and p.model = 'concurrent' and d.at_limit
       and d.day < ${utcDay(sql`now()`)} and r.k <= 1 + abs(hashtext(p.id::text || d.day::text)) % 3`);
}
