/**
 * The headers every console response carries. Scripts run only with this request's nonce (Next.js
 * reads it from the request's Content-Security-Policy and puts it on its own scripts), and
 * 'strict-dynamic' lets those load the app's chunks. Styles may be inline: React and the chart
 * library set style attributes, which nonces can't cover, and a style can't run code.
 */
export function consoleSecurityHeaders(options: {
  nonce: string;
  https: boolean;
  dev: boolean;
  /** Other origins a form may post or redirect to (the single sign-on provider). */
  formTargets?: string[];
}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${(options.formTargets ?? []).map((origin) => ` ${origin}`).join("")}`,
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** Whether the console is served over HTTPS: directly, behind a proxy that says so, or by AUTH_URL. */
export function servedOverHttps(request: { protocol: string; forwardedProto: string | null; authUrl?: string }) {
  return (
    request.protocol === "https:" ||
    request.forwardedProto?.split(",")[0]?.trim() === "https" ||
    Boolean(request.authUrl?.startsWith("https://"))
  );
}
