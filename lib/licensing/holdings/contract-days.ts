// Rule 20: a contract's dates are whole days in its organization's time zone. A date given as
// YYYY-MM-DD starts at that day's midnight there and, as an end, runs through that whole day
// (stored as the next day's midnight there, exclusive); an exact instant is kept as given. The
// database's time-zone data does the arithmetic (contract-instants.ts), so both databases agree
// with contract.ts; this file is the display side, safe for the browser.

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The last day a contract ending at `endsAt` (exclusive) is in force, in its zone. */
export const lastDayIn = (endsAt: Date, timeZone: string) => dayIn(new Date(endsAt.getTime() - 1), timeZone);
