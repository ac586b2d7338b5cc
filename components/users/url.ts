/** The current query with some keys changed; undefined or "" removes a key. Paging restarts unless `page` is given. */
export function withParams(
  current: URLSearchParams | Record<string, string | undefined>,
  patch: Record<string, string | number | undefined>,
) {
  const next = new URLSearchParams(
    current instanceof URLSearchParams ? current : Object.entries(current).flatMap(([k, v]) => (v ? [[k, v]] : [])),
  );
  if (!("page" in patch)) next.delete("page");
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  const query = next.toString();
  return query ? `?${query}` : "";
}
