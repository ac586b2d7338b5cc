import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/console/auth-shell";
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
    <AuthShell title="Sign in to the console" intro="Use the email and password of your console account.">
      {refusal ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
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
    </AuthShell>
  );
}
