import "server-only";
import { sql } from "drizzle-orm";
import type { OIDCConfig } from "next-auth/providers";
import type { Database } from "@/db/client";
import { consoleAccounts } from "@/db/schema";
import { env } from "@/lib/env";
import type { SignedInAccount } from "./login-throttle";

export const SSO_PROVIDER_ID = "oidc";

/** Why single sign-on was refused, as the sign-in page's `error` parameter and its sentence. */
export const ssoRefusals = {
  SsoUnverified: "Your identity provider has not verified your email address, so it can't be used to sign in here.",
  SsoUnknown: "No console account uses the email your identity provider gave. Ask an operator to create one for you.",
  // next-auth's own codes for a provider answer that failed its checks (wrong issuer, bad token).
  Configuration:
    "Single sign-on failed: the identity provider's answer could not be verified. Please try again or contact your administrator.",
  OAuthCallbackError:
    "Single sign-on failed: the identity provider's answer could not be verified. Please try again or contact your administrator.",
  AccessDenied: "Single sign-on was cancelled or refused.",
} as const;

export function ssoRefusal(code: unknown): string | null {
  if (typeof code !== "string") return null;
  return code in ssoRefusals ? ssoRefusals[code as keyof typeof ssoRefusals] : null;
}

/** The button's label, when single sign-on is configured (SEATKEEPER_OIDC_*), else null. */
export function ssoName(): string | null {
  const e = env();
  return e.SEATKEEPER_OIDC_ISSUER ? (e.SEATKEEPER_OIDC_NAME ?? "Single sign-on") : null;
}

type OidcProfile = { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };

/** next-auth's OpenID Connect provider for the configured identity provider, or none. */
export function ssoProviders(): OIDCConfig<OidcProfile>[] {
  const e = env();
  if (!e.SEATKEEPER_OIDC_ISSUER || !e.SEATKEEPER_OIDC_CLIENT_ID || !e.SEATKEEPER_OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: SSO_PROVIDER_ID,
      name: ssoName()!,
      type: "oidc",
      issuer: e.SEATKEEPER_OIDC_ISSUER,
      clientId: e.SEATKEEPER_OIDC_CLIENT_ID,
      clientSecret: e.SEATKEEPER_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email" } },
      checks: ["pkce", "state", "nonce"],
      // The email and whether it is verified come from the userinfo endpoint (checked against the ID token's subject).
      idToken: false,
      profile: (profile) => ({
        id: profile.sub,
        email: typeof profile.email === "string" ? profile.email : null,
      }),
    },
  ];
}

/**
 * The console account a provider's profile signs in to: only by an email the provider says it
 * has verified, and only an account that already exists (no account is created). Otherwise the
 * refusal code for the sign-in page.
 */
export async function accountForSso(
  db: Database,
  profile: { email?: unknown; email_verified?: unknown } | undefined,
): Promise<{ account: SignedInAccount } | { refusal: "SsoUnverified" | "SsoUnknown" }> {
  const email = typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : "";
  if (!email || profile?.email_verified !== true) return { refusal: "SsoUnverified" };
  const [account] = await db
    .select({
      id: consoleAccounts.id,
      email: consoleAccounts.email,
      role: consoleAccounts.role,
      organizationId: consoleAccounts.organizationId,
    })
    .from(consoleAccounts)
    .where(sql`lower(${consoleAccounts.email}) = ${email}`);
  return account ? { account } : { refusal: "SsoUnknown" };
}
