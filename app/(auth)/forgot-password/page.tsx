import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/console/auth-shell";
import { ForgotPasswordForm } from "@/components/people/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthShell title="Forgot your password?">
      <p className="mb-5 text-sm text-slate-600">
        Enter the e-mail of your console account and we will send a link to choose a new password.
      </p>
      <ForgotPasswordForm />
      <p className="mt-4 text-sm">
        <Link href="/login" className="font-medium text-brand-700 underline">
          Back to sign-in
        </Link>
      </p>
    </AuthShell>
  );
}
