import type { Client } from "openapi-fetch";
import { SeatkeeperError } from "./errors.js";
import { withRetry, type RetryEvents, type RetryPolicy } from "./retry.js";
import type { components, paths } from "./schema.js";

export type SessionInfo = components["schemas"]["Session"];

export type SessionOptions = RetryEvents & {
  /** How often to heartbeat; a third of the session's TTL (heartbeatSeconds) by default. */
  heartbeatEveryMs?: number;
  /** Each successful heartbeat, with the session's new expiry. */
  onHeartbeat?: (session: SessionInfo) => void;
  /** The session ended on the server (expired, idle, closed elsewhere, key revoked): heartbeats stop. */
  onLost?: (error: SeatkeeperError) => void;
  /**
   * How long the person has been idle, in seconds (0 = active), asked at each heartbeat. On a pool
   * with an idle timeout the server ends a session idle longer (`lost.details.reason === "idle"`).
   */
  idleSeconds?: () => number;
};

/**
 * A live session that heartbeats by itself at a third of its TTL. While the server cannot be
 * reached it keeps retrying (backoff with jitter), so a restart of the server is ridden out;
 * `close()` stops the loop and releases the seat.
 */
export class Session {
  info: SessionInfo;
  /** Heartbeats the server accepted. */
  heartbeats = 0;
  /** Set once the server no longer knows the session. */
  lost: SeatkeeperError | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopping = new AbortController();
  private inflight: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly api: Client<paths>,
    info: SessionInfo,
    private readonly retry: RetryPolicy,
    private readonly options: SessionOptions = {},
  ) {
    this.info = info;
    this.schedule();
  }

  get id() {
    return this.info.id;
  }

  /** Whether the loop still runs (not closed, not lost). */
  get active() {
    return !this.stopping.signal.aborted && !this.lost;
  }

  private schedule() {
    if (!this.active) return;
    const every = this.options.heartbeatEveryMs ?? (this.info.heartbeatSeconds * 1000) / 3;
    this.timer = setTimeout(() => (this.inflight = this.beat()), every);
  }

  private async beat() {
    try {
      const { data } = await withRetry(
        async () =>
          this.api.POST("/api/v1/sessions/{id}/heartbeat", {
            params: { path: { id: this.id } },
            ...(this.options.idleSeconds ? { body: { idleSeconds: this.idle() } } : {}),
            signal: this.stopping.signal,
          }),
        { ...this.retry, retries: Infinity },
        { signal: this.stopping.signal, onRetry: this.options.onRetry },
      );
      this.info = data!.session;
      this.heartbeats += 1;
      this.options.onHeartbeat?.(this.info);
      this.schedule();
    } catch (e) {
      if (this.stopping.signal.aborted) return;
      this.lost = e instanceof SeatkeeperError ? e : new SeatkeeperError(0, "NETWORK_ERROR", String(e));
      this.options.onLost?.(this.lost);
    }
  }

  private idle() {
    const seconds = Math.floor(this.options.idleSeconds?.() ?? 0);
    return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), 31_536_000) : 0;
  }

  /**
   * Stops heartbeating without closing: the seat stays taken until the session's TTL runs out, as
   * when an application crashes (simulators use this).
   */
  stop() {
    clearTimeout(this.timer);
    this.stopping.abort();
  }

  /** Stops heartbeating and closes the session (idempotent; a session already gone is fine). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      this.stopping.abort();
      await this.inflight;
      try {
        await withRetry(
          async () => this.api.DELETE("/api/v1/sessions/{id}", { params: { path: { id: this.id } } }),
          this.retry,
          { onRetry: this.options.onRetry },
        );
      } catch (e) {
        if (!(e instanceof SeatkeeperError && e.status === 404)) throw e;
      }
    })();
    return this.closing;
  }
}
