import type { ReactNode } from "react";
import { SkipLink } from "@/components/console/skip-link";

/**
 * The frame of every signed-out page (sign-in, its second step and enrolment, invitation, reset,
 * forgotten password): the brand, then one card with the page's heading and an optional intro.
 */
export function AuthShell({
  title,
  intro,
  children,
  wide,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <>
      <SkipLink />
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-screen items-center justify-center px-4 py-12 focus:outline-none"
      >
        <div className={wide ? "w-full max-w-lg" : "w-full max-w-sm"}>
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
            <h1
              className={intro ? "text-lg font-semibold text-slate-900" : "mb-4 text-lg font-semibold text-slate-900"}
            >
              {title}
            </h1>
            {intro ? <div className="mt-1 mb-5 text-sm text-slate-600">{intro}</div> : null}
            {children}
          </div>
        </div>
      </main>
    </>
  );
}
