import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { instanceLeases as leases, licensePools, sessionWaiters as waiters } from "@/db/schema";
import { rowsOf, type Database } from "@/db/client";
import { errorFields, log } from "./log";
import { bare, columnList } from "@/db/sql";

// Each instance on PostgreSQL renews a liveness lease (an instance_leases row) every few seconds.
// What it leaves in the database for as long as a request of it runs (a waiter in a pool's line)
// carries its id, and stops counting once the lease has lapsed: a crashed or frozen instance's
// waiters no longer hold a freed seat back beyond LIVENESS_LEASE_MS.

const RENEW_MS = 2_000;
/** Three renewals: an instance that is merely slow for a moment keeps its lease. */
export const LIVENESS_LEASE_MS = 3 * RENEW_MS;

// One id per process, on globalThis: the custom server and the Next.js bundle load this file as two modules.
const KEY = Symbol.for("seatkeeper.instance-id");
type Holder = { [KEY]?: string };
const holder = globalThis as unknown as Holder;

/** This instance's id while its liveness lease runs, or null (the embedded database: one process). */
export const liveInstanceId = (): string | null => holder[KEY] ?? null;

/** Starts renewing this instance's lease; returns a stop that removes it (its waiters stop counting at once). */
export function startLiveness(db: Database): () => Promise<void> {
  const id = randomUUID();
  holder[KEY] = id;
  const renew = () =>
    db
      .execute(
        sql`insert into ${leases} ${columnList(leases.id, leases.expiresAt)}
            values (${id}, clock_timestamp() + ${LIVENESS_LEASE_MS} * interval '1 millisecond')
            on conflict ${columnList(leases.id)} do update set ${bare(leases.expiresAt)} = excluded.${bare(leases.expiresAt)}`,
      )
      .catch((e: unknown) => log.warn(errorFields(e), "could not renew this instance's liveness lease"));
  let renewing = renew();
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, RENEW_MS);
  return async () => {
    clearInterval(timer);
    await renewing;
    await db.execute(sql`delete from ${leases} where ${leases.id} = ${id}`).catch(() => undefined);
    if (holder[KEY] === id) delete holder[KEY];
  };
}

/** Waiters and leases of instances gone (leader job): their rows deleted, the pools' waiter counts set right. */
export async function removeDeadWaiters(db: Database): Promise<{ waiters: number }> {
  const gone = await db.execute(sql`
    with gone as (
      delete from ${waiters}
       where ${waiters.deadline} <= clock_timestamp()
          or (${waiters.instanceId} is not null and not exists (
                select 1 from ${leases} where ${leases.id} = ${waiters.instanceId} and ${leases.expiresAt} > clock_timestamp()))
      returning ${waiters.poolId} as pool_id
    ), per_pool as (select pool_id, count(*)::int as n from gone group by pool_id),
    counted as (
      update ${licensePools} set ${bare(licensePools.waiters)} = greatest(${licensePools.waiters} - per_pool.n, 0)
        from per_pool where ${licensePools.id} = per_pool.pool_id returning ${licensePools.id}
    )
    select (select count(*)::int from gone) as n`);
  await db.execute(sql`delete from ${leases} where ${leases.expiresAt} < clock_timestamp() - interval '1 hour'`);
  return { waiters: Number(rowsOf<{ n: number }>(gone)[0]?.n ?? 0) };
}
