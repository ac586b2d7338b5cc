import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { roleLabel } from "@/lib/console/format";

export function ConsoleHeader({
  email,
  role,
  signOutAction,
}: {
  email: string;
  role: keyof typeof roleLabel;
  signOutAction: () => Promise<void>;
}) {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-screen-2xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/dashboard"
          className="flex items-center gap-2 text-base font-semibold tracking-tight text-slate-900"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white"
          >
            S
          </span>
          Seatkeeper
        </Link>
        <div className="flex min-w-0 items-center gap-3">
          <span className="hidden truncate text-sm text-slate-600 lg:inline" data-testid="signed-in-email">
            {email}
          </span>
          <Link href="/account/security" className="text-sm text-slate-700 underline-offset-2 hover:underline">
            Security
          </Link>
          <Badge tone={role === "operator" || role === "support" ? "brand" : "neutral"} data-testid="role-badge">
            {roleLabel[role]}
          </Badge>
          <Link
            href="/account"
            className="rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            Account
          </Link>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary" className="py-1.5">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
