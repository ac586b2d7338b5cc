"use client";

import { useTimeZone } from "@/components/ui/when";
import type { DayTrace } from "@/lib/console/dashboard-queries";
import { traceArea, tracePath, traceSentence, traceTop } from "./day-trace";

const HEIGHT = 32;

/**
 * The pool's last 24 hours on its card: the peak in use of every ten minutes, the capacity as a
 * dashed reference line. One inline SVG, stretched to the card's width; its label says in words
 * what the line shows.
 */
export function Sparkline({ trace, capacity, inUse }: { trace: DayTrace; capacity: number; inUse: number }) {
  const timeZone = useTimeZone();
  const top = traceTop(trace.peaks, capacity);
  const capacityY = HEIGHT - 1 - (capacity / top) * (HEIGHT - 2);
  const label = traceSentence(trace, capacity, inUse, timeZone);
  return (
    <figure className="m-0">
      <svg
        role="img"
        aria-label={label}
        data-testid="pool-sparkline"
        viewBox={`0 0 ${trace.peaks.length} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="block h-8 w-full overflow-visible"
      >
        <line
          x1={0}
          x2={trace.peaks.length}
          y1={capacityY}
          y2={capacityY}
          className="stroke-slate-400"
          strokeWidth={1}
          strokeDasharray="3 3"
          vectorEffect="non-scaling-stroke"
        />
        <path d={traceArea(trace.peaks, top, HEIGHT)} className="fill-brand-50" />
        <line
          x1={0}
          x2={trace.peaks.length}
          y1={HEIGHT - 0.5}
          y2={HEIGHT - 0.5}
          className="stroke-slate-200"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
        <path
          d={tracePath(trace.peaks, top, HEIGHT)}
          fill="none"
          className="stroke-brand-600"
          strokeWidth={1.5}
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <figcaption
        aria-hidden="true"
        className="mt-1 flex items-center justify-between gap-2 text-[11px] text-slate-500"
      >
        <span>24 h ago</span>
        <span className="inline-flex items-center gap-1">
          <svg width="14" height="2" className="stroke-slate-400" aria-hidden="true">
            <line x1="0" x2="14" y1="1" y2="1" strokeWidth="1" strokeDasharray="3 3" />
          </svg>
          capacity {capacity}
        </span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
