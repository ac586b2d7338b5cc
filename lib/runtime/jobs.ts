import "server-only";
import type { Database } from "@/db/client";
import { applyDueScheduledChanges } from "@/lib/licensing/contracts";
import { expireStaleSessions } from "@/lib/licensing/sessions";
import { recordUsageSample } from "@/lib/reports/sampling";

type Job = { name: string; everyMs: number; run: (db: Database) => Promise<unknown> };

// Background work of a running server. Each job is one set-based statement (or a few), so it is
// cheap at scale and safe when several instances run it at once.
const jobs: Job[] = [
  // Usage samples: four per minute into one-minute buckets (SPEC: at least every minute).
  { name: "usage sampling", everyMs: 15_000, run: recordUsageSample },
  // Sessions past their heartbeat already stop counting at read and check time; this records them as expired.
  { name: "session expiry", everyMs: 30_000, run: expireStaleSessions },
  { name: "scheduled capacity changes", everyMs: 60_000, run: (db) => applyDueScheduledChanges(db) },
];

/** Starts the jobs; returns a function that stops them. A failed run is logged and retried next time. */
export function startBackgroundJobs(db: Database): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(db);
      } catch (e) {
        console.error(`Background job "${job.name}" failed; it will run again.`, e);
      } finally {
        running = false;
      }
    };
    void tick();
    return setInterval(tick, job.everyMs);
  });
  return () => timers.forEach(clearInterval);
}
