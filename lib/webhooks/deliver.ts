import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { alias } from "drizzle-orm/pg-core";
import { rowsOf, type Database } from "@/db/client";
import { bare } from "@/db/sql";
import { systemActor } from "@/lib/licensing/actor";
import { FencedOutError, unfenced, type Fence } from "@/lib/runtime/fence";
import { errorFields, log } from "@/lib/runtime/log";
import { recordAudit } from "@/lib/licensing/audit";
import { SIGNATURE_HEADER, signWebhook } from "./signature";
import { postWebhook, RefusedAddressError } from "./post";

// The delivery worker (run by the job leader). A delivery is claimed with a lease, POSTed
// outside any transaction (a slow receiver holds no lock and no connection), and its attempt
// recorded afterwards; a worker that dies mid-delivery leaves its lease to expire, and the
// delivery is sent again with the same event id (at least once; receivers dedupe on the id).

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;
const BATCH = 50;
const PER_ENDPOINT = 4;

export type DeliveryOptions = {
  now?: Date;
  /** Deliveries claimed per tick, over all endpoints. */
  batch?: number;
  /** Deliveries of one endpoint in flight at once: a slow receiver holds up no other endpoint. */
  perEndpoint?: number;
  /** How long a receiver may take to answer. */
  timeoutMs?: number;
  /** How long a claim lasts; past it (the worker died) the delivery is due again. */
  leaseMs?: number;
  allowPrivate?: boolean;
  /** The job leader's fence: claims and recorded attempts are refused once its leadership passed. */
  fence?: Fence;
};

/**
 * Exponential backoff with jitter: about 30 s, 1 min, 2 min… doubling up to 6 h, each drawn
 * between half and all of that, so receivers coming back up aren't hit by every retry at once.
 */
export function retryDelayMs(failedAttempts: number, random = Math.random()): number {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Sends what is due, once (tests and a single pass): rounds of claims, each delivery recorded as
 * it finishes. Returns how many deliveries were attempted and how many succeeded.
 */
export async function deliverDueWebhooks(db: Database, options: DeliveryOptions = {}) {
  const dispatcher = webhookDispatcher();
  for (let round = 0; round < 5; round++) {
    const { started } = await dispatcher.tick(db, options);
    await dispatcher.idle();
    if (started < (options.batch ?? BATCH)) break;
  }
  const { attempted, delivered, refused } = dispatcher.counts();
  if (refused) throw refused;
  return { attempted, delivered };
}

/**
 * The delivery worker of a running leader: each tick claims what is due for endpoints with room
 * (at most `perEndpoint` deliveries in flight each) and starts it without waiting for the answers,
 * so a receiver that hangs holds up only its own endpoint's lane. Each attempt is recorded as it
 * finishes, under the fence of the tick that claimed it.
 */
export function webhookDispatcher(onRefused: (e: FencedOutError) => void = () => {}) {
  const inFlight = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let attempted = 0;
  let delivered = 0;
  let refused: FencedOutError | null = null;

  const deliver = async (db: Database, claimed: Claimed, options: DeliveryOptions) => {
    const outcome = await sendDelivery(claimed, options);
    try {
      await (options.fence ?? unfenced).run(db, (tx) => recordAttempt(tx, claimed, outcome, options.now ?? new Date()));
      attempted++;
      if (outcome.ok) delivered++;
    } catch (e) {
      if (!(e instanceof FencedOutError)) throw e;
      refused = e;
      onRefused(e);
    }
  };

  return {
    async tick(db: Database, options: DeliveryOptions): Promise<{ started: number }> {
      const perEndpoint = options.perEndpoint ?? PER_ENDPOINT;
      const claimed = await (options.fence ?? unfenced).run(db, (tx) =>
        claimDueDeliveries(tx, options.now ?? new Date(), options.batch ?? BATCH, options.leaseMs ?? 60_000, {
          inFlight,
          perEndpoint,
        }),
      );
      for (const c of claimed) {
        inFlight.set(c.endpoint.id, (inFlight.get(c.endpoint.id) ?? 0) + 1);
        const sending: Promise<void> = deliver(db, c, options)
          .catch((e: unknown) => log.error({ delivery: c.id, ...errorFields(e) }, "a webhook attempt was not recorded"))
          .finally(() => {
            running.delete(sending);
            const left = (inFlight.get(c.endpoint.id) ?? 1) - 1;
            if (left > 0) inFlight.set(c.endpoint.id, left);
            else inFlight.delete(c.endpoint.id);
          });
        running.add(sending);
      }
      return { started: claimed.length };
    },
    /** Resolves when every delivery started so far has been recorded. */
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
    counts: () => ({ attempted, delivered, refused }),
  };
}

export type Claimed = {
  id: string;
  attempts: number;
  createdAt: Date;
  leaseUntil: Date;
  endpoint: { id: string; url: string; secret: string };
  body: string;
  eventId: string;
  eventType: string;
};

const d = alias(webhookDeliveries, "d");
const e = alias(webhookEndpoints, "e");

/**
 * Claims due deliveries of enabled endpoints, oldest first, at most `perEndpoint` of each endpoint
 * counting those this worker has in flight; SKIP LOCKED so two workers never take the same one.
 */
export async function claimDueDeliveries(
  db: Database,
  now: Date,
  batch: number,
  leaseMs: number,
  lanes: { inFlight?: ReadonlyMap<string, number>; perEndpoint?: number } = {},
): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const at = sql`${now.toISOString()}::timestamptz`;
  const due = sql`${d.status} = 'pending' and ${d.nextAttemptAt} <= ${at} and (${d.leaseUntil} is null or ${d.leaseUntil} <= ${at})`;
  const busy = JSON.stringify(Object.fromEntries(lanes.inFlight ?? []));
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update ${webhookDeliveries} set ${bare(webhookDeliveries.leaseUntil)} = ${leaseUntil.toISOString()}::timestamptz
       where ${webhookDeliveries.id} in (
         select ${d.id} from ${webhookDeliveries} ${d}
          where ${due} and ${d.id} in (
            select lane.id from (
              select ${d.id} as id, ${d.nextAttemptAt} as next_attempt_at,
                     row_number() over (partition by ${d.endpointId} order by ${d.nextAttemptAt}, ${d.id})
                       + coalesce((${busy}::jsonb ->> ${d.endpointId}::text)::int, 0) as place
                from ${webhookDeliveries} ${d} join ${webhookEndpoints} ${e} on ${e.id} = ${d.endpointId} and ${e.enabled}
               where ${due}) lane
             where lane.place <= ${lanes.perEndpoint ?? PER_ENDPOINT}
             order by lane.next_attempt_at
             limit ${batch})
          for update of ${d} skip locked)
      returning ${webhookDeliveries.id} as id`),
  );
  if (rows.length === 0) return [];
  const found = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      inArray(
        webhookDeliveries.id,
        rows.map((r) => r.id),
      ),
    );
  return found.map(({ delivery, endpoint, event }) => ({
    id: delivery.id,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    leaseUntil,
    endpoint: { id: endpoint.id, url: endpoint.url, secret: endpoint.secret },
    eventId: event.id,
    eventType: event.type,
    body: JSON.stringify({
      id: event.id,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      organizationId: event.organizationId,
      data: event.data,
    }),
  }));
}

type Outcome = { ok: boolean; statusCode: number | null; latencyMs: number; error: string | null; at: Date };

export async function sendDelivery(delivery: Claimed, options: DeliveryOptions): Promise<Outcome> {
  const at = new Date();
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): Outcome => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error,
    at,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    const response = await postWebhook(new URL(delivery.endpoint.url), {
      signal: AbortSignal.timeout(timeoutMs),
      allowPrivate: options.allowPrivate ?? false,
      headers: {
        "content-type": "application/json",
        "user-agent": "Seatkeeper-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhook(delivery.endpoint.secret, delivery.body, new Date()),
        "Seatkeeper-Event-Id": delivery.eventId,
        "Seatkeeper-Event-Type": delivery.eventType,
        "Idempotency-Key": delivery.eventId,
      },
      body: delivery.body,
    });
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return done(response.statusCode, ok ? null : `The receiver answered ${response.statusCode}.`);
  } catch (e) {
    return done(null, describeFailure(e, timeoutMs));
  }
}

function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof RefusedAddressError) return e.message;
  const error = e as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  if (error.name === "TimeoutError" || error.name === "AbortError") return `No answer within ${timeoutMs / 1000} s.`;
  const code = error.cause?.code ?? error.code;
  if (code === "ECONNREFUSED") return "The receiver refused the connection.";
  if (code === "ENOTFOUND") return "The receiver's host name does not resolve.";
  if (code) return `The connection failed (${code}).`;
  return "The connection failed.";
}

/**
 * Records an attempt and decides what follows: delivered; or retried after the backoff; or,
 * past 24 h since the event, given up. An endpoint whose attempts have all failed for 24 h is
 * disabled, with an event on the vendor's audit log. Written only while the claim is still
 * this worker's (a worker that overran its lease leaves the delivery to the one that took it).
 */
async function recordAttempt(db: Database, claimed: Claimed, outcome: Outcome, now: Date) {
  await db.transaction(async (tx) => {
    const attempts = claimed.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMs(attempts));
    const givesUp = retryAt.getTime() > claimed.createdAt.getTime() + RETRY_WINDOW_MS;
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        attempts,
        status: outcome.ok ? "delivered" : givesUp ? "failed" : "pending",
        nextAttemptAt: outcome.ok || givesUp ? null : retryAt,
        leaseUntil: null,
        lastStatusCode: outcome.statusCode,
        lastLatencyMs: outcome.latencyMs,
        lastError: outcome.error,
        lastAttemptAt: outcome.at,
        deliveredAt: outcome.ok ? outcome.at : null,
      })
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.leaseUntil, claimed.leaseUntil)))
      .returning({ id: webhookDeliveries.id });
    if (!updated) return;
    await tx.insert(webhookAttempts).values({
      deliveryId: claimed.id,
      attemptedAt: outcome.at,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      error: outcome.error,
    });
    if (outcome.ok) {
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, claimed.endpoint.id));
      return;
    }
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, claimed.endpoint.id))
      .returning();
    const failingFor = endpoint?.failingSince ? now.getTime() - endpoint.failingSince.getTime() : 0;
    if (endpoint?.enabled && failingFor >= RETRY_WINDOW_MS) {
      await tx
        .update(webhookEndpoints)
        .set({ enabled: false, disabledAt: now, updatedAt: now })
        .where(eq(webhookEndpoints.id, endpoint.id));
      await recordAudit(tx, systemActor, {
        organizationId: null,
        action: "webhook.disable",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        before: { enabled: true, failingSince: endpoint.failingSince },
        after: { enabled: false, reason: "Every delivery attempt failed for 24 hours." },
      });
    }
  });
}
