import { NextResponse, type NextRequest } from "next/server";
import { publicOrigin } from "@/lib/auth/public-origin";
import { PAGE_URL_HEADER } from "@/lib/console/page-url";
import { consoleSecurityHeaders, servedOverHttps } from "@/lib/console/security-headers";

// An optimistic check only: a request without a session cookie goes straight to the sign-in
// page. Every console layout, page and action still verifies the session itself.
const sessionCookies = ["authjs.session-token", "__Secure-authjs.session-token"];
// Reached signed out: the sign-in page and its later steps (second factor, enrolment, which check
// their own pending sign-in), and every route handler under /api (next-auth's own
// endpoints, the health check), which answers for itself.
// Signed-out pages: sign-in and its later steps, "forgot password?", the invitation and reset links, a
// message's unsubscribe link (its signed token is the credential) and a manager's access review link.
const isPublic = (pathname: string) =>
  pathname === "/login" ||
  pathname.startsWith("/login/") ||
  pathname === "/forgot-password" ||
  pathname.startsWith("/invite/") ||
  pathname.startsWith("/reset/") ||
  pathname.startsWith("/unsubscribe/") ||
  pathname.startsWith("/review-link/") ||
  pathname.startsWith("/api/");

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const issuer = process.env.SEATKEEPER_OIDC_ISSUER;
  const headers = consoleSecurityHeaders({
    nonce,
    dev: process.env.NODE_ENV === "development",
    https: servedOverHttps({
      protocol: request.nextUrl.protocol,
      forwardedProto: request.headers.get("x-forwarded-proto"),
      authUrl: process.env.AUTH_URL,
    }),
    formTargets: issuer ? [originOf(issuer)].filter((o): o is string => Boolean(o)) : [],
  });

  let response: NextResponse;
  const { pathname, search } = request.nextUrl;
  const hasSessionCookie = sessionCookies.some(
    (name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(`${name}.`)),
  );
  if (hasSessionCookie || isPublic(pathname)) {
    // Next.js finds the nonce in the request's policy and puts it on the scripts it renders.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
    // The console layout checks what the page names exists before streaming starts (lib/console/found.ts).
    requestHeaders.set(PAGE_URL_HEADER, `${pathname}${search}`);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const login = new URL("/login", publicOrigin(request.nextUrl, request.headers));
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function originOf(url: string) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export const config = {
  // Every page and next-auth endpoint; not the licence and management APIs nor the SCIM service
  // (token-authenticated, JSON only) nor static files.
  matcher: ["/((?!api/v1/|scim/v2|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
