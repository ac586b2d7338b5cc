import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { contractInForceAt } from "@/lib/licensing/holdings/contract";
import { activationIsLive } from "@/lib/licensing/holdings/device-activations";
import { userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";

/**
 * Records what every pool holds right now into its one-minute bucket and its day's roll-up
 * (usage_daily), in ONE set-based statement for any number of pools. Sampling several times a
 * minute folds into the bucket (peak = greatest, average = running mean), and several app
 * instances sampling at once only add samples to the same bucket, so it is safe to run everywhere.
 * In use follows the same definitions as the dashboards (lib/licensing/holdings): rule-1 users for
 * the named pools of contracts in force, the weight of
 * sessions whose expiry is ahead for concurrent pools.
 */
export async function recordUsageSample(ex: Executor): Promise<number> {
  const result = await ex.execute(sql`
    with holders as (
      -- Seat holders per profile first: one index-only pass over users, not one per pool.
      select users.organization_id, users.profile_id, count(*) as n
        from users
       where ${userMayHoldSeat}
       group by users.organization_id, users.profile_id
    ), seats as (
      select p.id as pool_id, sum(holders.n)::int as n
        from license_pools p
        join profile_modules on profile_modules.module_id = p.module_id and profile_modules.organization_id = p.organization_id
        join holders on holders.profile_id = profile_modules.profile_id and holders.organization_id = p.organization_id
        join contracts c on c.id = p.contract_id
       where p.model = 'named' and ${contractInForceAt("c")}
       group by p.id
    ), live as (
      select pool_id, sum(seats_held)::int as n
        from sessions
       where ${sessionIsLive}
       group by pool_id
    ), devices as (
      select pool_id, count(*)::int as n
        from device_activations
       where ${activationIsLive}
       group by pool_id
    ), refused as (
      select pool_id, count(*)::int as n
        from denials
       where created_at >= date_trunc('minute', now()) and pool_id is not null
       group by pool_id
    ), sample as (
      select p.organization_id, p.id as pool_id, p.capacity,
             coalesce(case when p.model = 'named' then seats.n else live.n end, 0) as in_use,
             coalesce(devices.n, 0) as activations, coalesce(refused.n, 0) as denials
        from license_pools p
        left join seats on seats.pool_id = p.id
        left join live on live.pool_id = p.id
        left join devices on devices.pool_id = p.id
        left join refused on refused.pool_id = p.id
    ), sampled as (
      insert into usage_samples as u (organization_id, pool_id, bucket, capacity, peak_in_use, avg_in_use, activations, denials, samples)
      select organization_id, pool_id, date_trunc('minute', now()), capacity, in_use, in_use, activations, denials, 1
        from sample
      on conflict (pool_id, bucket) do update set
        capacity = excluded.capacity,
        peak_in_use = greatest(u.peak_in_use, excluded.peak_in_use),
        avg_in_use = (u.avg_in_use * u.samples + excluded.avg_in_use) / (u.samples + 1),
        activations = greatest(u.activations, excluded.activations),
        denials = greatest(u.denials, excluded.denials),
        samples = u.samples + 1
      returning 1
    ), daily as (
      insert into usage_daily as d (organization_id, pool_id, day, capacity, peak_in_use, in_use_sum, samples, at_limit)
      select organization_id, pool_id, ${utcDay(sql`now()`)}, capacity, in_use, in_use, 1, ${reachedCapacity(sql`in_use`, sql`capacity`)}
        from sample
      on conflict (pool_id, day) do update set
        capacity = greatest(d.capacity, excluded.capacity),
        peak_in_use = greatest(d.peak_in_use, excluded.peak_in_use),
        in_use_sum = d.in_use_sum + excluded.in_use_sum,
        samples = d.samples + 1,
        at_limit = d.at_limit or excluded.at_limit
    )
    select count(*)::int as pools from sampled`);
  return Number(rowsOf<{ pools: number }>(result)[0]?.pools ?? 0);
}

/** Whether a pool with that capacity was at it (a pool of capacity 0 never is). */
export const reachedCapacity = (inUse: SQL, capacity: SQL) => sql`(${capacity} > 0 and ${inUse} >= ${capacity})`;

/** The UTC day a timestamp falls in, as a timestamptz at its midnight. */
export const utcDay = (t: SQL) => sql`(date_trunc('day', ${t} at time zone 'UTC') at time zone 'UTC')`;

/**
 * Rolls an organization's minute samples up into usage_daily from scratch, for samples written
 * in bulk rather than by the sampler (the bench's seeder, tests). Same figures as the sampler's
 * running roll-up: each minute's samples weigh in by their count.
 */
export async function rollUpDays(ex: Executor, organizationId: string) {
  await ex.execute(sql`
    insert into usage_daily as d (organization_id, pool_id, day, capacity, peak_in_use, in_use_sum, samples, at_limit)
    select organization_id, pool_id, ${utcDay(sql`bucket`)}, max(capacity), max(peak_in_use), sum(avg_in_use * samples), sum(samples),
           bool_or(${reachedCapacity(sql`peak_in_use`, sql`capacity`)})
      from usage_samples
     where organization_id = ${organizationId}
     group by 1, 2, 3
    on conflict (pool_id, day) do update set
      capacity = excluded.capacity, peak_in_use = excluded.peak_in_use, in_use_sum = excluded.in_use_sum,
      samples = excluded.samples, at_limit = excluded.at_limit`);
}
