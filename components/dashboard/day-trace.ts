import type { DayTrace } from "@/lib/console/dashboard-queries";

// The pool card's sparkline, as pure functions: its SVG path and the sentence that says what it shows.

export const TRACE_STEP_MS = 600_000;

/** The largest figure the drawing must hold: the capacity, the highest peak, at least 1. */
export function traceTop(peaks: (number | null)[], capacity: number) {
  return Math.max(1, capacity, ...peaks.map((p) => p ?? 0));
}

/**
 * An SVG path through the peaks, one unit of width a bucket, `height` high with 1 unit of margin;
 * a bucket with no sample breaks the line (the server was not running), it is not drawn as 0.
 */
export function tracePath(peaks: (number | null)[], top: number, height: number) {
  const y = (v: number) => Math.round((height - 1 - (v / top) * (height - 2)) * 100) / 100;
  let d = "";
  let drawing = false;
  peaks.forEach((peak, i) => {
    if (peak === null) {
      drawing = false;
      return;
    }
    d += `${drawing ? "L" : "M"}${i} ${y(peak)}`;
    drawing = true;
  });
  // A lone point between gaps gets a short stroke, so it is visible.
  return d.replace(/M(\d+) ([\d.]+)(?=M|$)/g, (_, x: string, v: string) => `M${x} ${v}L${Number(x) + 1} ${v}`);
}

/**
 * The same peaks as closed shapes down to the baseline, one per unbroken run, so the area under
 * the line can be shaded and the line reads as "how much of the pool" at a glance.
 */
export function traceArea(peaks: (number | null)[], top: number, height: number) {
  return tracePath(peaks, top, height).replace(/M([\d.]+) [\d.]+((?:L[\d.]+ [\d.]+)*)/g, (run, x: string) => {
    const lastX = /([\d.]+) [\d.]+$/.exec(run)![1];
    return `M${x} ${height}${run.replace(/^M/, "L")}L${lastX} ${height}Z`;
  });
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function hourMinute(t: Date, timeZone: string) {
  let f = timeFormats.get(timeZone);
  if (!f)
    timeFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" })));
  return f.format(t);
}

/**
 * "Last 24 h: peak 9 of 10 at 09:40, now 7": the highest peak (its latest bucket, in the
 * organization's zone) against the capacity, and what is held now.
 */
export function traceSentence(trace: DayTrace, capacity: number, inUse: number, timeZone: string) {
  let at = -1;
  trace.peaks.forEach((p, i) => {
    if (p !== null && (at < 0 || p >= trace.peaks[at]!)) at = i;
  });
  if (at < 0) return `Last 24 h: no samples yet, now ${inUse} of ${capacity}`;
  const when = hourMinute(new Date(Date.parse(trace.from) + at * TRACE_STEP_MS), timeZone);
  return `Last 24 h: peak ${trace.peaks[at]} of ${capacity} at ${when}, now ${inUse}`;
}
