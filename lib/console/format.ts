import { dayIn, lastDayIn } from "@/lib/licensing/holdings/contract-days";
// Dates in the console are shown in UTC, the same on the server and in every browser.

const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });

export function formatDateTime(value: Date | null | undefined) {
  return value ? `${dateTime.format(value)} UTC` : "—";
}

export function formatDate(value: Date | string | null | undefined) {
  if (!value) return "—";
  return dateOnly.format(typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value);
}

/**
 * "in 3 days", "2 hours ago", "just now": how far a moment is from now, rounded down to the
 * largest unit (years, months of 30 days, days, hours, minutes); under a minute is "just now" or
 * "in under a minute", so a clock ticking every few seconds does not make the words flicker.
 */
export function formatRelative(value: Date, now: Date = new Date()) {
  const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 60) return seconds > 0 ? "in under a minute" : "just now";
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * 86_400],
    ["month", 30 * 86_400],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return relativeFormat.format(Math.trunc(seconds / 60), "minute");
}
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const zonedFormats = new Map<string, Intl.DateTimeFormat>();
const monthNumbers = new Map<string, Intl.DateTimeFormat>();

/** "7 Dec 2026, 23:14:05 CET": a moment in a time zone (an IANA name), with the zone's short name. */
export function formatDateTimeIn(value: Date, timeZone: string) {
  let format = zonedFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "short",
    });
    zonedFormats.set(timeZone, format);
    monthNumbers.set(timeZone, new Intl.DateTimeFormat("en-GB", { timeZone, month: "numeric" }));
  }
  const monthNumber = monthNumbers.get(timeZone)!;
  // The month from a list of our own: ICU versions abbreviate September "Sep" or "Sept", and the
  // server's and the browser's must word it alike, or hydration sees two texts.
  return format
    .formatToParts(value)
    .map((p) => (p.type === "month" ? shortMonths[Number(monthNumber.format(value)) - 1] : p.value))
    .join("");
}
const shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long" });
const dayDistance = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/**
 * A day (YYYY-MM-DD) as its weekday and how far it is from `today` (YYYY-MM-DD, UTC):
 * "Thursday, in 3 months", "Monday, tomorrow", "Friday, 12 days ago". Days up to six weeks,
 * then months up to two years, then years.
 */
export function formatDayFrom(day: string, today: string) {
  const at = new Date(`${day}T00:00:00Z`);
  const days = Math.round((at.getTime() - new Date(`${today}T00:00:00Z`).getTime()) / 86_400_000);
  if (Number.isNaN(days)) return "";
  const distance =
    Math.abs(days) <= 42
      ? dayDistance.format(days, "day")
      : Math.abs(days) < 730
        ? dayDistance.format(Math.round(days / 30.44), "month")
        : dayDistance.format(Math.round(days / 365.25), "year");
  return `${weekday.format(at)}, ${distance}`;
}

export const roleLabel = { operator: "Operator", support: "Support", owner: "Owner", admin: "Admin" } as const;

/** A contract's period in its organization's zone, its end inclusive (rule 20): "1 Jan 2026 – 19 Jun 2027". */
export function formatContractPeriod(c: { startsAt: Date; endsAt: Date | null }, timeZone: string) {
  const start = formatDate(dayIn(c.startsAt, timeZone));
  return `${start} – ${c.endsAt ? formatDate(lastDayIn(c.endsAt, timeZone)) : "perpetual"}`;
}

/** The last day a contract is in force, in its organization's zone. */
export const formatContractEnd = (endsAt: Date, timeZone: string) => formatDate(lastDayIn(endsAt, timeZone));
/** Badges and labels start with a capital, whatever the stored value's case: "inactive" → "Inactive". */
export function sentenceCase(value: string) {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const monthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });

/** "2026-12" → "December 2026"; anything else is shown as it is. */
export function monthName(period: string) {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  return match ? monthFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))) : period;
}

/** "45 s", "3 min", "2 h 5 min": a duration in seconds, to the minute once past one. */
export function formatDuration(totalSeconds: number) {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
