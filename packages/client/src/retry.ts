import { isRetryable, SeatkeeperError } from "./errors.js";

export type RetryPolicy = {
  /** Attempts after the first; Infinity keeps trying (heartbeats do, until stopped). */
  retries: number;
  /** The first wait; each retry doubles it, up to maxDelayMs, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const defaultRetry: RetryPolicy = { retries: 4, baseDelayMs: 250, maxDelayMs: 10_000 };

/** What one attempt answered: a response, or a network failure. */
type Attempt<T> = { response: Response; data?: T; error?: unknown };

export type RetryEvents = { onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void };

/** Waits `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The wait before retry `attempt` (1-based): Retry-After when the server gave one, else backoff with jitter. */
export function delayFor(attempt: number, policy: RetryPolicy, retryAfter: string | null, random = Math.random) {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs * 6);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs a request until it is answered with something other than a server failure, a rate limit
 * or a network error; throws SeatkeeperError for a refusal (4xx) or when the retries run out.
 */
export async function withRetry<T>(
  send: () => Promise<Attempt<T>>,
  policy: RetryPolicy,
  options: RetryEvents & { signal?: AbortSignal } = {},
): Promise<{ data: T | undefined; response: Response }> {
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let retryAfter: string | null = null;
    try {
      const { response, data, error } = await send();
      if (response.ok) return { data, response };
      const refusal = SeatkeeperError.from(response.status, error);
      if (!isRetryable(response.status, refusal.code) || attempt > policy.retries) throw refusal;
      reason = `${response.status} ${refusal.code}`;
      retryAfter = response.headers.get("retry-after");
    } catch (e) {
      if (e instanceof SeatkeeperError || options.signal?.aborted) throw e;
      if (attempt > policy.retries)
        throw new SeatkeeperError(0, "NETWORK_ERROR", `The server cannot be reached: ${String(e)}`);
      reason = e instanceof Error ? e.message : String(e);
    }
    const delayMs = delayFor(attempt, policy, retryAfter);
    options.onRetry?.({ attempt, delayMs, reason });
    await sleep(delayMs, options.signal);
    if (options.signal?.aborted) throw new SeatkeeperError(0, "ABORTED", "Stopped before the server answered.");
  }
}
