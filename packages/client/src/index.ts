import createFetchClient from "openapi-fetch";
import type { JSONWebKeySet } from "jose";
import { SeatkeeperError } from "./errors.js";
import { LeaseVerifier, type LeaseExpectations } from "./lease.js";
import { defaultRetry, withRetry, type RetryEvents, type RetryPolicy } from "./retry.js";
import type { components, paths } from "./schema.js";
import { Session, type SessionOptions } from "./session.js";

export { SeatkeeperError } from "./errors.js";
export {
  createManagementClient,
  type ItemOf,
  type ListOptions,
  type ManagementClient,
  type ManagementClientOptions,
  type PagedPath,
} from "./manage.js";
export type { LeaseClaims, LeaseExpectations } from "./lease.js";
export type { RetryPolicy } from "./retry.js";
export { Session, type SessionInfo, type SessionOptions } from "./session.js";
export type { components, paths } from "./schema.js";
export * from "./offline/index.js";
export { verifyWebhook, WebhookSignatureError, type VerifyOptions, type WebhookEvent } from "./webhook.js";

type Body<P extends keyof paths, M extends "post"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type SessionRequest = Body<"/api/v1/sessions", "post">;
export type ActivationRequest = Body<"/api/v1/activations", "post">;
export type License = components["schemas"]["License"];
export type Activation = components["schemas"]["Activation"];
export type Borrow = components["schemas"]["Borrow"];

export type ClientOptions = RetryEvents & {
  /** The Seatkeeper server, e.g. https://licences.example.com. */
  baseUrl: string;
  /** The contract API key. */
  apiKey: string;
  retry?: Partial<RetryPolicy>;
  /**
   * Pinned keys (the JWKS shipped with the application or kept from an earlier run): leases verify
   * offline from the start, and a lease signed by any other key is refused without asking the
   * network. Unset, the keys are fetched from /api/v1/keys.
   */
  jwks?: JSONWebKeySet;
  fetch?: typeof globalThis.fetch;
};

/**
 * A client for Seatkeeper's client API (Node and browsers): typed from the OpenAPI document,
 * retrying server failures, rate limits and network errors with backoff and jitter (honouring
 * Retry-After), and throwing SeatkeeperError with the API's code and numbers for refusals.
 */
export function createClient(options: ClientOptions) {
  const retry: RetryPolicy = { ...defaultRetry, ...options.retry };
  const api = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const events = { onRetry: options.onRetry };
  const call = async <T>(send: () => Promise<{ response: Response; data?: T; error?: unknown }>) =>
    (await withRetry(send, retry, events)).data as T;
  // One key per intended change, sent on its every attempt: a retry of an open, activation or
  // borrow the server already committed (its answer lost on the way) gets that answer back
  // instead of taking a second seat.
  const once = () => ({ headers: { "Idempotency-Key": globalThis.crypto.randomUUID() } });
  const leases = new LeaseVerifier(() => call(() => api.GET("/api/v1/keys")) as Promise<JSONWebKeySet>, options.jwks);

  return {
    /** The openapi-fetch client underneath, for any other route. */
    api,
    /** The key's contract and its pools. */
    license: (): Promise<License> => call(() => api.GET("/api/v1/license")),
    /** Opens a session that heartbeats by itself until `close()`. */
    openSession: async (body: SessionRequest, sessionOptions: SessionOptions = {}): Promise<Session> => {
      // A waiting open can't carry a key (the server waits outside any one request's transaction).
      const keyed = body.wait ? {} : once();
      const { session } = await call(() => api.POST("/api/v1/sessions", { body, ...keyed }));
      return new Session(api, session, retry, { onRetry: options.onRetry, ...sessionOptions });
    },
    /** Activates this device (the same activation, with a fresh lease, when already active). */
    activate: async (body: ActivationRequest): Promise<Activation> => {
      const keyed = once();
      return (await call(() => api.POST("/api/v1/activations", { body, ...keyed }))).activation;
    },
    /** Refreshes a device's lease. */
    refresh: async (activationId: string): Promise<Activation> =>
      (await call(() => api.POST("/api/v1/activations/{id}/refresh", { params: { path: { id: activationId } } })))
        .activation,
    /** Releases a device activation. */
    release: async (activationId: string): Promise<void> => {
      await call(() => api.DELETE("/api/v1/activations/{id}", { params: { path: { id: activationId } } }));
    },
    /**
     * Borrows a live session's seat for offline use for `hours` (at most the pool's maxBorrowHours).
     * Given the Session itself, its heartbeats stop once borrowed: the borrow keeps the seat.
     */
    borrow: async (session: string | Session, hours: number): Promise<Borrow> => {
      const id = typeof session === "string" ? session : session.id;
      const keyed = once();
      const { borrow } = await call(() =>
        api.POST("/api/v1/sessions/{id}/borrow", { params: { path: { id } }, body: { hours }, ...keyed }),
      );
      if (typeof session !== "string") session.stop();
      return borrow;
    },
    /** Gives a borrowed seat back (fine when the borrow already ended). */
    return: async (borrow: string | Borrow): Promise<void> => {
      const id = typeof borrow === "string" ? borrow : borrow.id;
      await call(() => api.POST("/api/v1/borrows/{id}/return", { params: { path: { id } } }));
    },
    /**
     * Checks a lease token (an activation's or a borrowed seat's) offline against the cached JWKS;
     * its claims carry `entitlements`, the modules the device may use.
     */
    verifyLease: (token: string, expected?: LeaseExpectations) => leases.verify(token, expected),
    /** The JWKS the leases are checked with (fetched once), to keep for offline starts. */
    jwks: () => leases.jwks(),
  };
}

export type SeatkeeperClient = ReturnType<typeof createClient>;
export const isSeatkeeperError = (e: unknown): e is SeatkeeperError => e instanceof SeatkeeperError;
