import "server-only";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { getTableName } from "drizzle-orm";
import { jobLeader } from "@/db/schema";
import { withinDeadline } from "@/lib/runtime/deadline";
import { leaseFence, LEADER_LEASE, unfenced, type Fence } from "./fence";
import { errorFields, log } from "./log";

/** How long one check of the lease may take before this instance gives leadership up. */
const CHECK_DEADLINE_MS = 2_000;

export type Leadership = {
  isLeader: () => boolean;
  /** Called each time this instance becomes the leader (at once when it already is). */
  onLead: (run: () => void) => void;
  /** How a job started now writes (./fence.ts), or null when this instance is not the leader. */
  fence: () => Fence | null;
  stop: () => Promise<void>;
};

/** The embedded database has one process, which is always its own leader. */
export const soleLeader: Leadership = {
  isLeader: () => true,
  onLead: (run) => run(),
  fence: () => unfenced,
  stop: async () => {},
};

/** A lease outlives two missed renewals and one slow one: a leader that merely lags keeps it. */
export const leaseMsFor = (everyMs: number) => 2 * everyMs + CHECK_DEADLINE_MS;

/**
 * The lease row's table and column names, from the drizzle schema: this connection is postgres.js's
 * own (it must not wait behind the pool), so its statements quote them as identifiers (`sql(name)`).
 */
const L = {
  table: getTableName(jobLeader),
  name: jobLeader.name.name,
  holder: jobLeader.holder.name,
  holderPid: jobLeader.holderPid.name,
  holderSince: jobLeader.holderSince.name,
  generation: jobLeader.generation.name,
  expiresAt: jobLeader.expiresAt.name,
};

/**
 * One instance at a time runs the background jobs: the holder of a lease (the job_leader row)
 * with a deadline, renewed every `everyMs`. Another instance takes the lease over when its deadline
 * has passed (a frozen or cut-off leader) or at once when the holder's database session is gone
 * (a killed leader), raising its generation: the fencing token every job's writes are checked
 * against (./fence.ts). The holder counts itself leader only until its own lease would lapse by
 * its own clock, measured from before it asked, so it stops starting jobs before anyone can take
 * over. A check that fails or stalls closes the connection and gives leadership up.
 */
export function electLeader(
  url: string,
  options: postgres.Options<Record<string, never>>,
  everyMs = 5_000,
): Leadership {
  const me = randomUUID();
  const leaseMs = leaseMsFor(everyMs);
  let generation: number | null = null;
  let validUntil = 0;
  let leader = false;
  let client: postgres.Sql | undefined;
  let stopped = false;
  let checking: Promise<void> = Promise.resolve();
  const leads: (() => void)[] = [];

  const holds = () => leader && performance.now() < validUntil;
  const setLeader = (value: boolean) => {
    if (value === leader) return;
    log.info({ leader: value, generation }, value ? "became the job leader" : "no longer the job leader");
    leader = value;
    if (value) leads.forEach((run) => run());
  };

  // Only expires_at changes: a renewal never waits for the jobs' KEY SHARE locks on the row.
  const renew = async (sql: postgres.Sql, held: number) =>
    (
      await sql<{ generation: string }[]>`
        update ${sql(L.table)} set ${sql(L.expiresAt)} = clock_timestamp() + ${leaseMs} * interval '1 millisecond'
         where ${sql(L.name)} = ${LEADER_LEASE} and ${sql(L.holder)} = ${me} and ${sql(L.generation)} = ${held}
        returning ${sql(L.generation)}`
    ).length === 1;

  const takeOver = async (sql: postgres.Sql) => {
    const [row] = await sql<{ generation: string }[]>`
      insert into ${sql(L.table)} as l (${sql(L.name)}, ${sql(L.holder)}, ${sql(L.holderPid)}, ${sql(L.holderSince)}, ${sql(L.generation)}, ${sql(L.expiresAt)})
      select ${LEADER_LEASE}, ${me}, a.pid, a.backend_start, 1, clock_timestamp() + ${leaseMs} * interval '1 millisecond'
        from pg_stat_activity a where a.pid = pg_backend_pid()
      on conflict (${sql(L.name)}) do update
         set ${sql(L.holder)} = excluded.${sql(L.holder)}, ${sql(L.holderPid)} = excluded.${sql(L.holderPid)},
             ${sql(L.holderSince)} = excluded.${sql(L.holderSince)},
             ${sql(L.generation)} = l.${sql(L.generation)} + 1, ${sql(L.expiresAt)} = excluded.${sql(L.expiresAt)}
       where l.${sql(L.expiresAt)} <= clock_timestamp()
          or not exists (select 1 from pg_stat_activity a where a.pid = l.${sql(L.holderPid)} and a.backend_start = l.${sql(L.holderSince)})
      returning ${sql(L.generation)}`;
    return row ? Number(row.generation) : null;
  };

  const check = async () => {
    const sql = (client ??= postgres(url, { ...options, max: 1, idle_timeout: 0, max_lifetime: null }));
    const askedAt = performance.now();
    try {
      const held = generation;
      const kept = held !== null && (await withinDeadline(renew(sql, held), CHECK_DEADLINE_MS));
      if (!kept) {
        if (held !== null) log.warn({ generation: held }, "the job leader's lease passed to another instance");
        generation = null;
        setLeader(false);
        generation = await withinDeadline(takeOver(sql), CHECK_DEADLINE_MS);
      }
      if (generation !== null) validUntil = askedAt + leaseMs;
      setLeader(generation !== null);
    } catch (e) {
      if (leader) log.warn(errorFields(e), "lost the job leader's connection");
      generation = null;
      setLeader(false);
      const broken = client;
      client = undefined;
      await broken?.end({ timeout: 0 }).catch(() => undefined);
    }
  };

  const tick = () => {
    if (!stopped) checking = checking.then(check);
  };
  tick();
  const timer = setInterval(tick, everyMs);

  return {
    isLeader: holds,
    onLead: (run) => {
      leads.push(run);
      if (holds()) run();
    },
    fence: () => (holds() && generation !== null ? leaseFence(generation, leaseMs) : null),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      const held = generation;
      generation = null;
      setLeader(false);
      // Giving the lease back lets another instance take over at its next check.
      if (client && held !== null)
        await withinDeadline(
          client`update ${client(L.table)} set ${client(L.expiresAt)} = '-infinity' where ${client(L.name)} = ${LEADER_LEASE} and ${client(L.holder)} = ${me} and ${client(L.generation)} = ${held}`,
          CHECK_DEADLINE_MS,
        ).catch(() => undefined);
      await client?.end({ timeout: 1 }).catch(() => undefined);
      client = undefined;
    },
  };
}
