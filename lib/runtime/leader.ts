import "server-only";
import postgres from "postgres";
import { withinDeadline } from "@/lib/runtime/deadline";
import { errorFields, log } from "./log";

/** The advisory lock key the job leader holds (another one, 727001, guards migrations). */
const LEADER_LOCK = 727_002;

export type Leadership = {
  isLeader: () => boolean;
  /** Called each time this instance becomes the leader (at once when it already is). */
  onLead: (run: () => void) => void;
  stop: () => Promise<void>;
};

/** The embedded database has one process, which is always its own leader. */
export const soleLeader: Leadership = { isLeader: () => true, onLead: (run) => run(), stop: async () => {} };

/**
 * One instance at a time runs the background jobs: the one whose dedicated connection holds a
 * session-level advisory lock. Every `everyMs` each instance checks (the holder that it still
 * holds it, the others whether it is free). When the leader dies its connection closes and
 * PostgreSQL releases the lock, so another instance takes over at its next check. A check that
 * fails or stalls closes the connection and gives leadership up (the server then frees the lock).
 */
export function electLeader(
  url: string,
  options: postgres.Options<Record<string, never>>,
  everyMs = 5_000,
): Leadership {
  let leader = false;
  let client: postgres.Sql | undefined;
  let stopped = false;
  let checking: Promise<void> = Promise.resolve();
  const leads: (() => void)[] = [];

  const setLeader = (value: boolean) => {
    if (value === leader) return;
    log.info({ leader: value }, value ? "became the job leader" : "no longer the job leader");
    leader = value;
    if (value) leads.forEach((run) => run());
  };

  const check = async () => {
    client ??= postgres(url, { ...options, max: 1, idle_timeout: 0, max_lifetime: null });
    try {
      // CASE evaluates in order: the holder does not stack a second hold on its lock.
      const [row] = await withinDeadline(
        client<{ held: boolean }[]>`
          select case
            when exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
                           and classid = 0 and objid = ${LEADER_LOCK} and objsubid = 1 and granted)
            then true
            else pg_try_advisory_lock(${LEADER_LOCK})
          end as held`,
        2_000,
      );
      setLeader(Boolean(row?.held));
    } catch (e) {
      if (leader) log.warn(errorFields(e), "lost the job leader's connection");
      setLeader(false);
      const broken = client;
      client = undefined;
      await broken.end({ timeout: 0 }).catch(() => undefined);
    }
  };

  const tick = () => {
    if (!stopped) checking = checking.then(check);
  };
  tick();
  const timer = setInterval(tick, everyMs);

  return {
    isLeader: () => leader,
    onLead: (run) => {
      leads.push(run);
      if (leader) run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      setLeader(false);
      // Ending the session releases the lock at once: another instance takes over at its next check.
      await client?.end({ timeout: 1 }).catch(() => undefined);
      client = undefined;
    },
  };
}
