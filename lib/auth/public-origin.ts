/**
 * The origin people reach the console at: AUTH_URL when set (behind a proxy that rewrites the
 * host, set it), otherwise the request's Host (or X-Forwarded-Host) and protocol. Never the
 * address the server listens on (0.0.0.0), which no browser can use.
 */
export function publicOrigin(url: URL, headers: Headers, authUrl = process.env.AUTH_URL): string {
  if (authUrl) return new URL(authUrl).origin;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || url.host;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return url.origin;
  }
}

/** The same URL on the public origin. */
export function onPublicOrigin(url: URL, headers: Headers): URL {
  const origin = publicOrigin(url, headers);
  return new URL(`${url.pathname}${url.search}`, origin);
}
