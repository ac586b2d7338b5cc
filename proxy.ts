import { NextResponse, type NextRequest } from "next/server";

// An optimistic check only: a request without a session cookie goes straight to the sign-in
// page. Every console layout, page and action still verifies the session itself.
const sessionCookies = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSessionCookie = sessionCookies.some(
    (name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(`${name}.`)),
  );
  if (hasSessionCookie) return NextResponse.next();
  const login = new URL("/login", request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but sign-in, the APIs (token-authenticated) and static files.
  matcher: ["/((?!login|api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
