import "server-only";
import { sql } from "drizzle-orm";
import { rollUpDays, utcDay } from "@/lib/reports/sampling";
import { poolUsages } from "@/lib/licensing/usage";
import { alias } from "drizzle-orm/pg-core";
import { denials, licensePools, modules, profileModules, usageDaily, usageSamples, users } from "@/db/schema";
import type { Tx } from "@/db/client";
import { columnList } from "@/db/sql";

// Thirty days of history for a new demo, so no usage chart is empty on first run: the last 24 h
// as one sample every 10 minutes, the 29 days before as daily roll-ups, and the denials of days
// at the limit. Three set-based statements per organization; a pool's figures come from a hash of
// its id and the day, so the curves look lived-in yet load the same every time.

// `x` (the pools as JSON rows), `g`, `s`, `v`, `r` and `u` are the statements' own names.
const d = alias(usageDaily, "d");
const p = alias(licensePools, "p");

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
    insert into ${usageSamples} ${columnList(usageSamples.organizationId, usageSamples.poolId, usageSamples.bucket, usageSamples.capacity, usageSamples.peakInUse, usageSamples.avgInUse, usageSamples.samples)}
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
    insert into ${usageDaily} ${columnList(usageDaily.organizationId, usageDaily.poolId, usageDaily.day, usageDaily.capacity, usageDaily.peakInUse, usageDaily.inUseSum, usageDaily.samples, usageDaily.atLimit)}
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
    insert into ${denials} ${columnList(denials.organizationId, denials.contractId, denials.poolId, denials.moduleId, denials.kind, denials.code, denials.message, denials.userId, denials.username, denials.deviceId, denials.clientType, denials.actor, denials.createdAt)}
    select ${p.organizationId}, ${p.contractId}, ${p.id}, ${p.moduleId}, 'session', 'SESSION_LIMIT_REACHED',
           'All ' || ${d.capacity} || ' concurrent sessions of ' || ${modules.name} || ' are in use.',
           u.id, u.username, 'demo-desktop-' || r.k, 'desktop', 'key:demo',
           ${d.day} + interval '9 hours' + r.k * interval '47 minutes'
      from ${usageDaily} ${d}
      join ${licensePools} ${p} on ${p.id} = ${d.poolId}
      join ${modules} on ${modules.id} = ${p.moduleId}
     cross join generate_series(1, 3) as r(k)
      left join lateral (
        select ${users.id} as id, ${users.username} as username
          from ${users}
          join ${profileModules} on ${profileModules.profileId} = ${users.profileId} and ${profileModules.moduleId} = ${p.moduleId}
         where ${users.organizationId} = ${p.organizationId}
         order by hashtext(${users.id}::text || ${d.day}::text || r.k::text)
         limit 1) u on true
     where ${d.organizationId} = ${organizationId} and ${p.model} = 'concurrent' and ${d.atLimit}
       and ${d.day} < ${utcDay(sql`now()`)} and r.k <= 1 + abs(hashtext(${p.id}::text || ${d.day}::text)) % 3`);
}
