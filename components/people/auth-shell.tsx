import { SkipLink } from "@/components/console/skip-link";

/** The signed-out pages' frame (invitation, reset, forgotten password): the brand and one card. */
export function AuthShell({ title, children }: { title: string; children: React.ReactNode }) {
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
            <h1 className="mb-4 text-lg font-semibold text-slate-900">{title}</h1>
            {children}
          </div>
        </div>
      </main>
    </>
  );
}
