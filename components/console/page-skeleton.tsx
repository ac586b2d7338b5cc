import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** The loading state of a console page: the page's shell with placeholder rows. */
export function PageSkeleton({ title, rows = 6 }: { title: string; rows?: number }) {
  return (
    <div aria-busy="true" aria-live="polite">
      <header className="mb-6">
        <Skeleton className="mb-2 h-4 w-40" />
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <span className="sr-only">Loading…</span>
      </header>
      <Card className="space-y-3 p-5">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-6 w-full" />
        ))}
      </Card>
    </div>
  );
}
