import "server-only";
import { cookies } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { accountRole } from "@/db/schema";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { causes, errorFields, log } from "@/lib/runtime/log";
import { signInInput } from "@/lib/validation/accounts";
import { endSession, resumeSession, startSession } from "./console-sessions";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieName, deviceCookieValue, trustedDevice } from "./device-cookie";
import { checkConsoleSignIn } from "./login-throttle";
import { markSessionVerified } from "./mfa/factors";
import {
  afterPassword,
  passkeyProvider,
  provedSecondFactor,
  secondFactorProvider,
  secondStepFor,
} from "./mfa/sign-in-step";
import { accountForSso, SSO_PROVIDER_ID, ssoProviders } from "./sso";

/** What the session cookie carries about the signed-in console account. */
export const sessionAccount = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: z.enum(accountRole.enumValues),
  organizationId: z.string().uuid().nullable(),
});
export type SessionAccount = z.infer<typeof sessionAccount>;

declare module "next-auth" {
  interface Session {
    account?: SessionAccount;
    /** The server-side session's id (console_sessions), for checks bound to this browser. */
    sessionId?: string;
  }
}

/** Thrown by `authorize` while attempts must wait; the code carries how many seconds. */
export class SignInThrottled extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

// A function, so the secret is read per request (server.ts sets AUTH_SECRET before serving)
// and `next build` never needs it.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: process.env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  // Failed sign-ins are expected traffic: the default logger prints a stack trace for each.
  logger: {
    // Anything else (a database outage) is logged without its query's values: they are the
    // email and the client address of whoever tried to sign in.
    error(error) {
      if (causes(error).some((e) => e instanceof CredentialsSignin)) return;
      log.error(errorFields(error), "console sign-in failed");
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const input = signInInput.safeParse(raw);
        if (!input.success) return null;
        const secret = process.env.AUTH_SECRET!;
        const jar = await cookies();
        const cookieName = deviceCookieName(input.data.email);
        const device = trustedDevice(secret, input.data.email, jar.get(cookieName)?.value);
        const result = await checkConsoleSignIn(getDb(), {
          ...input.data,
          address: clientAddress(request.headers),
          trustedDevice: device,
        });
        if (result.ok) {
          // This browser now has an allowance of its own for this account (device-cookie.ts).
          jar.set(cookieName, deviceCookieValue(secret, input.data.email, device ?? undefined), {
            httpOnly: true,
            sameSite: "lax",
            secure: new URL(request.url).protocol === "https:",
            path: "/",
            maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
          });
          // A correct password; an account with (or required to have) a second factor goes on to it.
          return afterPassword(result.account);
        }
        if (result.reason === "throttled") throw new SignInThrottled(result.retryAfterSeconds);
        return null;
      },
    }),
    secondFactorProvider,
    passkeyProvider,
    ...ssoProviders(),
  ],
  events: {
    // Sign-out ends the session on the server: the cookie, even if kept, no longer works.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(getDb(), sid);
    },
  },
  callbacks: {
    // Runs on every request that reads the session. Returning null ends it (signed out).
    async signIn({ account: provider, profile }) {
      if (provider?.provider !== SSO_PROVIDER_ID) return true;
      const mapped = await accountForSso(getDb(), profile);
      if ("refusal" in mapped) return `/login?error=${mapped.refusal}`;
      // Single sign-on stands in for the password only: a second factor (or enrolment) still follows.
      const step = await secondStepFor(mapped.account);
      return step ? `/login/${step}` : true;
    },
    async jwt({ token, user, account: provider, profile }) {
      if (user) {
        // Right after sign-in: start a server-side session and name it in the cookie.
        let account: SessionAccount;
        if (provider?.provider === SSO_PROVIDER_ID) {
          const mapped = await accountForSso(getDb(), profile);
          if (!("account" in mapped)) return null;
          account = mapped.account;
        } else {
          account = sessionAccount.parse(user);
        }
        const sid = await startSession(getDb(), account.id);
        if (provedSecondFactor(user)) await markSessionVerified(getDb(), sid, account.id);
        token.sid = sid;
        token.account = account;
        token.sub = account.id;
        token.email = account.email;
        delete token.name;
        delete token.picture;
        return token;
      }
      if (typeof token.sid !== "string") return null;
      const account = await resumeSession(getDb(), token.sid, env().SEATKEEPER_SESSION_IDLE_MINUTES);
      if (!account) return null;
      token.account = account;
      token.email = account.email;
      return token;
    },
    session({ session, token }) {
      const account = sessionAccount.safeParse(token.account);
      if (account.success) session.account = account.data;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
}));
