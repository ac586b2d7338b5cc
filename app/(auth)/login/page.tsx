import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SkipLink } from "@/components/console/skip-link";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { getActor } from "@/lib/auth/session";
import { PasskeySignInButton } from "@/components/mfa/passkey-sign-in-button";
import { Button } from "@/components/ui/button";
import { ssoName, ssoRefusal } from "@/lib/auth/sso";
import { ssoSignInAction } from "./actions";
import { LoginForm } from "./login-form";
import { passkeyAnswerAction, passkeyChallengeAction } from "./verify/actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl, error } = await searchParams;
  const next = safeRedirectPath(callbackUrl);
  if (await getActor()) redirect(next);
  const sso = ssoName();
  const refusal = ssoRefusal(error);

  return (
    <>
      <SkipLink />
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-screen items-center justify-center px-4 py-12 focus:outline-none"
      >
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center justify-center gap-2">
            <span
              aria-hidden
              className="grid size-9 place-items-center rounded-lg bg-brand-600 text-lg font-bold text-white"
            >
              S
            </span>
            <span className="text-xl font-semibold tracking-tight">Seatkeeper</span>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 className="text-lg font-semibold text-slate-900">Sign in to the console</h1>
            <p className="mt-1 mb-5 text-sm text-slate-500">Use the email and password of your console account.</p>
            {refusal ? (
              <p
                role="alert"
                className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
              >
                {refusal}
              </p>
            ) : null}
            <LoginForm callbackUrl={next} />
            <p className="mt-3 text-sm">
              <Link href="/forgot-password" className="font-medium text-brand-700 underline">
                Forgot password?
              </Link>
            </p>
            <div className="mt-4 border-t border-slate-200 pt-4">
              <PasskeySignInButton
                label="Sign in with a passkey"
                callbackUrl={next}
                challenge={passkeyChallengeAction.bind(null, "sign-in")}
                answer={passkeyAnswerAction.bind(null, "sign-in")}
              />
            </div>
            {sso ? (
              <form action={ssoSignInAction} className="mt-4 border-t border-slate-200 pt-4">
                <input type="hidden" name="callbackUrl" value={next} />
                <Button type="submit" variant="secondary" className="w-full">
                  Sign in with {sso}
                </Button>
              </form>
            ) : null}
          </div>
        </div>
      </main>
    </>
  );
}
