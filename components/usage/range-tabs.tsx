import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { rangeLabel, usageRanges, type UsageRange } from "@/lib/reports/ranges";

/** The time range of the usage history, kept in the URL (`?range=`) so it can be shared and reloaded. */
export function RangeTabs({ current, hrefFor }: { current: UsageRange; hrefFor: (range: UsageRange) => string }) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
      {usageRanges.map((range) => (
        <Link
          key={range}
          href={hrefFor(range)}
          aria-current={range === current ? "page" : undefined}
          className={cx(
            "rounded px-3 py-1.5 font-medium",
            range === current ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {rangeLabel[range]}
        </Link>
      ))}
    </nav>
  );
}
