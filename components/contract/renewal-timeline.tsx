import { formatDate } from "@/lib/console/format";
import type { TimelineEvent } from "@/lib/console/renewals";
import { cx } from "@/components/ui/cx";

/** Every event is on a day but the missing renewal. */
const isDated = (e: TimelineEvent) => !(e.kind === "renewal" && !e.contractId);

const dot: Record<TimelineEvent["kind"], string> = {
  start: "bg-slate-400",
  scheduled: "bg-brand-600",
  end: "bg-amber-500",
  renewal: "bg-emerald-600",
};

/**
 * Start, scheduled changes, the last day and the renewal contract, oldest first. A date shows
 * once for the events it shares (a decrease applied on the last day), and "No renewal contract
 * yet" has none of its own: it is a state, not an event on a day.
 */
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
            {isDated(e) && !(i > 0 && isDated(events[i - 1]!) && events[i - 1]!.day === e.day) ? (
              <time dateTime={e.day} className={cx("block text-xs", e.isPast ? "text-slate-600" : "text-slate-700")}>
                {formatDate(e.day)}
                {e.isPast ? "" : " · ahead"}
              </time>
            ) : null}
            <span className="text-slate-900">
              {e.contractId ? <a href={`#contract-${e.contractId}`}>{e.text}</a> : e.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
