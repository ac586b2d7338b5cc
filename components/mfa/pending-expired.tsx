import { AuthShell } from "@/components/console/auth-shell";
import { PENDING_EXPIRED } from "@/lib/auth/mfa/pending-action";

/** The second step or enrolment reached without a password step in progress: back to sign-in. */
export function PendingExpired({ next }: { next: string }) {
  return (
    <AuthShell title="Sign in again">
      <p role="alert" className="text-sm text-slate-700">
        {PENDING_EXPIRED}
      </p>
      <a
        className="mt-4 inline-block text-sm font-medium text-brand-700 underline"
        href={`/login?callbackUrl=${encodeURIComponent(next)}`}
      >
        Go to sign-in
      </a>
    </AuthShell>
  );
}
