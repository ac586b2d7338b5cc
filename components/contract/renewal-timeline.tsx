import { formatDate } from "@/lib/console/format";
import type { TimelineEvent } from "@/lib/console/renewals";
import { cx } from "@/components/ui/cx";

const dot: Record<TimelineEvent["kind"], string> = {
  start: "bg-slate-400",
  scheduled: "bg-brand-600",
  end: "bg-amber-500",
  renewal: "bg-emerald-600",
};

/** Start, scheduled changes, the last day and the renewal contract, oldest first. */
export function RenewalTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Renewal timeline</h3>
      <ol className="mt-3 space-y-3 border-l border-slate-200 pl-4" data-testid="renewal-timeline">
        {events.map((e, i) => (
          <li key={`${e.kind}-${i}`} className="relative text-sm" data-kind={e.kind}>
            <span
              aria-hidden
              className={cx("absolute top-1.5 -left-[21px] size-2.5 rounded-full ring-2 ring-white", dot[e.kind])}
            />
            <time dateTime={e.day} className={cx("block text-xs", e.isPast ? "text-slate-600" : "text-slate-700")}>
              {formatDate(e.day)}
              {e.isPast ? "" : " · ahead"}
            </time>
            <span className="text-slate-900">
              {e.contractId ? <a href={`#contract-${e.contractId}`}>{e.text}</a> : e.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
