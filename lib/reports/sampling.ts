import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  contracts,
  denials,
  deviceActivations,
  licensePools,
  profileModules,
  sessions,
  usageDaily,
  usageSamples,
  users,
} from "@/db/schema";
import { rowsOf, type Executor } from "@/db/client";
import { bare, columnList, excluded as x } from "@/db/sql";
import { contractInForceAt } from "@/lib/licensing/holdings/contract";
import { activationIsLive } from "@/lib/licensing/holdings/device-activations";
import { userMayHoldSeat } from "@/lib/licensing/holdings/named-seats";
import { sessionIsLive } from "@/lib/licensing/holdings/session-weights";

const u = alias(usageSamples, "u");
const d = alias(usageDaily, "d");

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
  const p = licensePools;
  const pm = profileModules;
  // The CTEs' own columns (holders.n, sample.in_use…) are this statement's names, not the tables'.
  const result = await ex.execute(sql`
    with holders as (
      -- Seat holders per profile first: one index-only pass over users, not one per pool.
      select ${users.organizationId} as organization_id, ${users.profileId} as profile_id, count(*) as n
        from ${users}
       where ${userMayHoldSeat}
       group by ${users.organizationId}, ${users.profileId}
    ), seats as (
      select ${p.id} as pool_id, sum(holders.n)::int as n
        from ${p}
        join ${pm} on ${pm.moduleId} = ${p.moduleId} and ${pm.organizationId} = ${p.organizationId}
        join holders on holders.profile_id = ${pm.profileId} and holders.organization_id = ${p.organizationId}
        join ${contracts} on ${contracts.id} = ${p.contractId}
       where ${p.model} = 'named' and ${contractInForceAt(contracts)}
       group by ${p.id}
    ), live as (
      select ${sessions.poolId} as pool_id, sum(${sessions.seatsHeld})::int as n
        from ${sessions}
       where ${sessionIsLive}
       group by ${sessions.poolId}
    ), devices as (
      select ${deviceActivations.poolId} as pool_id, count(*)::int as n
        from ${deviceActivations}
       where ${activationIsLive}
       group by ${deviceActivations.poolId}
    ), refused as (
      select ${denials.poolId} as pool_id, count(*)::int as n
        from ${denials}
       where ${denials.createdAt} >= date_trunc('minute', now()) and ${denials.poolId} is not null
       group by ${denials.poolId}
    ), sample as (
      select ${p.organizationId} as organization_id, ${p.id} as pool_id, ${p.capacity} as capacity,
             coalesce(case when ${p.model} = 'named' then seats.n else live.n end, 0) as in_use,
             coalesce(devices.n, 0) as activations, coalesce(refused.n, 0) as denials
        from ${p}
        left join seats on seats.pool_id = ${p.id}
        left join live on live.pool_id = ${p.id}
        left join devices on devices.pool_id = ${p.id}
        left join refused on refused.pool_id = ${p.id}
    ), sampled as (
      insert into ${usageSamples} as ${u} ${columnList(usageSamples.organizationId, usageSamples.poolId, usageSamples.bucket, usageSamples.capacity, usageSamples.peakInUse, usageSamples.avgInUse, usageSamples.activations, usageSamples.denials, usageSamples.samples)}
      select organization_id, pool_id, date_trunc('minute', now()), capacity, in_use, in_use, activations, denials, 1
        from sample
      on conflict ${columnList(usageSamples.poolId, usageSamples.bucket)} do update set
        ${bare(u.capacity)} = ${x(u.capacity)},
        ${bare(u.peakInUse)} = greatest(${u.peakInUse}, ${x(u.peakInUse)}),
        ${bare(u.avgInUse)} = (${u.avgInUse} * ${u.samples} + ${x(u.avgInUse)}) / (${u.samples} + 1),
        ${bare(u.activations)} = greatest(${u.activations}, ${x(u.activations)}),
        ${bare(u.denials)} = greatest(${u.denials}, ${x(u.denials)}),
        ${bare(u.samples)} = ${u.samples} + 1
      returning 1
    ), daily as (
      insert into ${usageDaily} as ${d} ${columnList(usageDaily.organizationId, usageDaily.poolId, usageDaily.day, usageDaily.capacity, usageDaily.peakInUse, usageDaily.inUseSum, usageDaily.samples, usageDaily.atLimit)}
      select organization_id, pool_id, ${utcDay(sql`now()`)}, capacity, in_use, in_use, 1, ${reachedCapacity(sql`in_use`, sql`capacity`)}
        from sample
      on conflict ${columnList(usageDaily.poolId, usageDaily.day)} do update set
        ${bare(d.capacity)} = greatest(${d.capacity}, ${x(d.capacity)}),
        ${bare(d.peakInUse)} = greatest(${d.peakInUse}, ${x(d.peakInUse)}),
        ${bare(d.inUseSum)} = ${d.inUseSum} + ${x(d.inUseSum)},
        ${bare(d.samples)} = ${d.samples} + 1,
        ${bare(d.atLimit)} = ${d.atLimit} or ${x(d.atLimit)}
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
  const s = usageSamples;
  await ex.execute(sql`
    insert into ${usageDaily} as ${d} ${columnList(usageDaily.organizationId, usageDaily.poolId, usageDaily.day, usageDaily.capacity, usageDaily.peakInUse, usageDaily.inUseSum, usageDaily.samples, usageDaily.atLimit)}
    select ${s.organizationId}, ${s.poolId}, ${utcDay(sql`${s.bucket}`)}, max(${s.capacity}), max(${s.peakInUse}), sum(${s.avgInUse} * ${s.samples}), sum(${s.samples}),
           bool_or(${reachedCapacity(sql`${s.peakInUse}`, sql`${s.capacity}`)})
      from ${s}
     where ${s.organizationId} = ${organizationId}
     group by 1, 2, 3
    on conflict ${columnList(usageDaily.poolId, usageDaily.day)} do update set
      ${bare(d.capacity)} = ${x(d.capacity)}, ${bare(d.peakInUse)} = ${x(d.peakInUse)}, ${bare(d.inUseSum)} = ${x(d.inUseSum)},
      ${bare(d.samples)} = ${x(d.samples)}, ${bare(d.atLimit)} = ${x(d.atLimit)}`);
}
