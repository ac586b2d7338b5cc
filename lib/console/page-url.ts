/** The request header proxy.ts sets to the page's path and query, for lib/console/found.ts. */
export const PAGE_URL_HEADER = "x-seatkeeper-page";
