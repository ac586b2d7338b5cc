import { MAX_RESULTS } from "./discovery";
import { invalidValue } from "./errors";
import { LIST_SCHEMA } from "./resources";

// Paging of RFC 7644 §3.4.2.4: startIndex is 1-based (below 1 means 1), count is how many per page
// (negative means 0), capped at the maxResults ServiceProviderConfig announces.

export type Page = { offset: number; count: number; startIndex: number };

function whole(query: URLSearchParams, name: string, fallback: number) {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  if (!/^-?\d+$/.test(text)) throw invalidValue(`${name} must be a whole number, not ${JSON.stringify(text)}.`);
  return Number(text);
}

export function readPage(query: URLSearchParams): Page {
  const startIndex = Math.max(1, whole(query, "startIndex", 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, whole(query, "count", MAX_RESULTS)));
  return { offset: startIndex - 1, count, startIndex };
}

export const listResponse = (resources: unknown[], total: number, page: Page) => ({
  schemas: [LIST_SCHEMA],
  totalResults: total,
  startIndex: page.startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

/** The `attributes` and `excludedAttributes` query parameters. */
export const projection = (query: URLSearchParams) => ({
  attributes: query.get("attributes") ?? undefined,
  excludedAttributes: query.get("excludedAttributes") ?? undefined,
});
