"use client";

import { createContext, useContext, useSyncExternalStore } from "react";
import { formatDateTimeIn, formatRelative } from "@/lib/console/format";

// One clock for every relative time on the page: a single interval, started by the first <When>
// shown and stopped with the last, so a table of 50 rows ticks once, not 50 times.
const TICK_MS = 15_000;
let clock = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    clock = Date.now();
    timer = setInterval(() => {
      clock = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
const currentClock = () => clock;

type WhenSettings = { timeZone: string; serverNow: number | null };
const WhenContext = createContext<WhenSettings>({ timeZone: "UTC", serverNow: null });

/**
 * The moment the server rendered the page (`now`, ms): the server's HTML and the browser's first
 * render both word relative times from it, so hydration sees the same text; the browser's own
 * clock takes over right after. Set once by the console's layout.
 */
export function ServerClock({ now, children }: { now: number; children: React.ReactNode }) {
  const outer = useContext(WhenContext);
  return <WhenContext value={{ ...outer, serverNow: now }}>{children}</WhenContext>;
}

/** The organization's time zone (IANA name) for the absolute times of everything inside; UTC without it. */
export function OrganizationTime({ timeZone, children }: { timeZone: string; children: React.ReactNode }) {
  const outer = useContext(WhenContext);
  return <WhenContext value={{ ...outer, timeZone }}>{children}</WhenContext>;
}

/** The organization's time zone, for other words about time (a chart's "at 09:40"). */
export function useTimeZone() {
  return useContext(WhenContext).timeZone;
}

/** The shared clock's now (ms), the server's render time until hydrated. */
export function useNow() {
  const { serverNow } = useContext(WhenContext);
  return useSyncExternalStore(subscribe, currentClock, () => serverNow ?? clock);
}

/**
 * A moment as words relative to now ("3 minutes ago", "in 2 days") that keep themselves current,
 * with the absolute date-time in the organization's zone on hover (title) and for screen readers
 * (visually hidden text, read with the words; `aria-label` is not allowed on <time>, whose role is
 * generic, and a title alone is not read reliably).
 */
export function When({
  at,
  now: given,
  className,
}: {
  /** Null shows a dash, as an unknown moment does elsewhere in the console. */
  at: Date | string | null;
  now?: Date;
  className?: string;
}) {
  const { timeZone } = useContext(WhenContext);
  const clockNow = useNow();
  // A live table passes the server's now of its latest answer: a heartbeat seconds old is then
  // never "in under a minute" because this browser's clock runs behind the server's.
  const now = given?.getTime() ?? clockNow;
  if (at === null) return <span className={className}>—</span>;
  const moment = typeof at === "string" ? new Date(at) : at;
  const absolute = formatDateTimeIn(moment, timeZone);
  return (
    <time dateTime={moment.toISOString()} title={absolute} className={className}>
      {formatRelative(moment, new Date(now))}
      <span className="sr-only"> ({absolute})</span>
    </time>
  );
}
