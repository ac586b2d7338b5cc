import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { finishDueAccessReviews } from "@/lib/licensing/access-reviews";
import { endLapsedActivations } from "@/lib/licensing/activations";
import { reclaimUnusedSeats } from "@/lib/licensing/auto-reclaim";
import { sendReviewLinks } from "@/lib/licensing/review-links";
import { applyDueScheduledChanges } from "@/lib/licensing/contracts";
import { expireStaleSessions } from "@/lib/licensing/sessions/expiry";
import { feedNotifications } from "@/lib/notifications/feed";
import { sendDueNotifications } from "@/lib/notifications/mailer";
import { remindRenewals } from "@/lib/notifications/renewals";
import { recordLastUse } from "@/lib/reports/last-use";
import { recordUsageSample } from "@/lib/reports/sampling";
import { webhookDispatcher } from "@/lib/webhooks/deliver";
import { feedWebhookEvents } from "@/lib/webhooks/feed";
import { FencedOutError, type Fence } from "./fence";
import type { Leadership } from "./leader";
import { removeDeadWaiters } from "./liveness";
import { errorFields, log } from "./log";
import { pruneOldRows } from "./retention";

type Job = { name: string; everyMs: number; run: (db: Database, fence: Fence) => Promise<unknown> };

/** A job whose writes all go in one fenced transaction (./fence.ts). */
const fenced = (run: (db: Database) => Promise<unknown>) => (db: Database, fence: Fence) => fence.run(db, run);

// Background work of a running server. Each job is one set-based statement (or a few), so it is
// cheap at scale; with several instances only the job leader (./leader.ts) runs them, and their
// writes are fenced by its lease's generation.
const deliveries = webhookDispatcher((e) =>
  log.warn({ job: "webhook delivery", generation: e.generation }, "refused a former leader's job writes"),
);

const jobs: Job[] = [
  // Usage samples: four per minute into one-minute buckets (SPEC: at least every minute).
  { name: "usage sampling", everyMs: 15_000, run: fenced(recordUsageSample) },
  // Last use of each user's modules, from live sessions and activations (no write on a client request).
  { name: "last use", everyMs: 60_000, run: fenced(recordLastUse) },
  // Sessions past their heartbeat already stop counting at read and check time; this records them as expired.
  { name: "session expiry", everyMs: 30_000, run: fenced(expireStaleSessions) },
  // Waiters already stop counting at their deadline or their instance's death; this deletes them.
  { name: "dead waiters", everyMs: 5_000, run: fenced(removeDeadWaiters) },
  // Activations lapsed beyond grace already count for nothing; this ends them with an audit event (seat.freed).
  { name: "activation lapse", everyMs: 60_000, run: fenced(endLapsedActivations) },
  { name: "scheduled capacity changes", everyMs: 60_000, run: fenced((db) => applyDueScheduledChanges(db)) },
  // Access reviews past their due date finish as the system: the removals' credentials are revoked.
  { name: "access reviews due", everyMs: 60_000, run: fenced((db) => finishDueAccessReviews(db)) },
  // Auto-reclaim of named seats unused for their pool's days (announced a week before); whole days, so hourly is plenty.
  { name: "auto-reclaim", everyMs: 60 * 60_000, run: fenced((db) => reclaimUnusedSeats(db)) },
  // Webhooks: audit rows, pool crossings and denials become outbox events; due deliveries are sent.
  { name: "webhook feed", everyMs: 2_000, run: fenced((db) => feedWebhookEvents(db)) },
  {
    name: "webhook delivery",
    everyMs: 1_000,
    // Starts what is due and returns: the answers are recorded as they come, each fenced on its own
    // (the POSTs hold no transaction).
    run: (db, fence) => deliveries.tick(db, { allowPrivate: env().SEATKEEPER_WEBHOOK_ALLOW_PRIVATE, fence }),
  },
  // Notices: pool crossings, renewals ahead and the rest become notices with their outbox mails; due mails are sent.
  { name: "notification feed", everyMs: 5_000, run: fenced((db) => feedNotifications(db)) },
  // Not fenced: a message must not wait inside a transaction for a mail server. Each row is claimed
  // with its own lease (SKIP LOCKED) and marked sent only while still claimed, whoever sends it.
  { name: "notification mail", everyMs: 5_000, run: (db) => sendDueNotifications(db) },
  // Managers' access review links, one e-mail each, sent the same way (claimed with a lease, not fenced).
  { name: "review links", everyMs: 5_000, run: (db) => sendReviewLinks(db) },
  // Renewal reminders are whole days: a few runs an hour are plenty, and each is written once.
  { name: "renewal reminders", everyMs: 10 * 60_000, run: fenced((db) => remindRenewals(db)) },
  {
    name: "retention",
    everyMs: 10 * 60_000,
    run: fenced((db) =>
      pruneOldRows(db, {
        retentionDays: env().SEATKEEPER_RETENTION_DAYS,
        consoleSessionIdleMinutes: env().SEATKEEPER_SESSION_IDLE_MINUTES,
      }),
    ),
  },
];

/**
 * Starts the jobs; returns a function that stops them. A job runs only while this instance is
 * the leader; a failed run is logged and retried next time.
 */
export function startBackgroundJobs(db: Database, leadership: Leadership): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      const fence = running ? null : leadership.fence();
      if (!fence) return;
      running = true;
      // Logged as it starts: a run begun as leader may end after leadership lapsed (a stalled database).
      log.debug({ job: job.name }, "background job started");
      try {
        const result = await job.run(db, fence);
        log.debug({ job: job.name, result }, "background job ran");
      } catch (e) {
        if (e instanceof FencedOutError)
          return log.warn({ job: job.name, generation: e.generation }, "refused a former leader's job writes");
        log.error({ job: job.name, ...errorFields(e) }, "background job failed; it will run again");
      } finally {
        running = false;
      }
    };
    leadership.onLead(() => void tick());
    return setInterval(tick, job.everyMs);
  });
  return () => timers.forEach(clearInterval);
}
