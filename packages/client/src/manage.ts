import createFetchClient from "openapi-fetch";
import { defaultRetry, withRetry, type RetryEvents, type RetryPolicy } from "./retry.js";
import type { paths } from "./schema.js";

export type ManagementClientOptions = RetryEvents & {
  /** The Seatkeeper server, e.g. https://licences.example.com. */
  baseUrl: string;
  /** An operator token (`sk_op_…`, `npm run seatkeeper -- token create`). */
  operatorToken: string;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof globalThis.fetch;
};

type Get<P extends keyof paths> = paths[P] extends { get: infer G } ? G : never;
type Ok<O> = O extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type PathParams<O> = O extends { parameters: { path?: infer A } } ? NonNullable<A> : never;

/** The management API's paged lists: GETs with a `cursor` query whose answers carry `nextCursor`. */
export type PagedPath = {
  [P in keyof paths]: Ok<Get<P>> extends { nextCursor?: unknown }
    ? "cursor" extends keyof Query<Get<P>>
      ? P
      : never
    : never;
}[keyof paths];

type Page<P extends PagedPath> = Ok<Get<P>>;
/** The key of a page's list (`organizations`, `users`…): its one array. */
type ListKey<P extends PagedPath> = {
  [K in keyof Page<P>]: NonNullable<Page<P>[K]> extends readonly unknown[] ? K : never;
}[keyof Page<P>];
/** One item of a paged list. */
export type ItemOf<P extends PagedPath> = NonNullable<Page<P>[ListKey<P>]> extends readonly (infer I)[] ? I : never;

export type ListOptions<P extends PagedPath> = {
  /** The path's parameters, e.g. `{ id }` for an organization's users. */
  path?: PathParams<Get<P>>;
  /** Filters and the page size (`limit`); the cursor is the iterator's. */
  query?: Omit<Query<Get<P>>, "cursor">;
};

/**
 * A client for Seatkeeper's management API (Node and browsers): every operation typed from the
 * OpenAPI document through `api` (openapi-fetch), `call()` retrying like the licence client (server
 * failures, rate limits, network errors) with an Idempotency-Key kept across a write's retries, and
 * `list()` walking a paged list page by page as an async iterator.
 */
export function createManagementClient(options: ManagementClientOptions) {
  const retry: RetryPolicy = { ...defaultRetry, ...options.retry };
  const api = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: { authorization: `Bearer ${options.operatorToken}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const events = { onRetry: options.onRetry };
  /**
   * Sends one call through the retries and returns its data (a refusal throws SeatkeeperError).
   * `send` gets `once`, headers with one Idempotency-Key for this call, the same on each of its
   * retries: spread it into a write so a lost answer never makes a second change.
   */
  const call = async <T>(
    send: (once: {
      headers: { "Idempotency-Key": string };
    }) => Promise<{ response: Response; data?: T; error?: unknown }>,
  ) => {
    const once = { headers: { "Idempotency-Key": globalThis.crypto.randomUUID() } };
    return (await withRetry(() => send(once), retry, events)).data as T;
  };

  async function* list<P extends PagedPath>(path: P, listOptions: ListOptions<P> = {}): AsyncGenerator<ItemOf<P>> {
    let cursor: string | undefined;
    do {
      const params = { path: listOptions.path, query: { ...listOptions.query, ...(cursor ? { cursor } : {}) } };
      const page = (await call(() =>
        // The generic path's overload can't be picked at compile time; the page is typed by P.
        (api.GET as (p: string, init: object) => Promise<{ response: Response; data?: unknown; error?: unknown }>)(
          path,
          { params },
        ),
      )) as Record<string, unknown> & { nextCursor?: string | null };
      const items = Object.values(page).find(Array.isArray) as ItemOf<P>[] | undefined;
      yield* items ?? [];
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  return {
    /** The openapi-fetch client underneath: every management operation, typed. */
    api,
    call,
    /** Every item of a paged list (`/api/v1/manage/organizations`, `…/{id}/users`…), fetched page by page. */
    list,
    /** The whole of a paged list as an array. */
    all: async <P extends PagedPath>(path: P, listOptions: ListOptions<P> = {}): Promise<ItemOf<P>[]> => {
      const items: ItemOf<P>[] = [];
      for await (const item of list(path, listOptions)) items.push(item);
      return items;
    },
  };
}

export type ManagementClient = ReturnType<typeof createManagementClient>;
