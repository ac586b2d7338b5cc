// When a daily digest goes out: 08:00 on the organization's clock. Pure arithmetic on the IANA
// zone (Intl), so daylight-saving days keep 08:00 local.

export const DIGEST_HOUR = 8;

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time of a zone stands for (the later one across a clock change). */
function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month, day, hour);
  const first = guess - offsetAt(new Date(guess), timeZone);
  return new Date(guess - offsetAt(new Date(first), timeZone));
}

/** The first 08:00 in the zone strictly after `now`. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + offsetAt(now, timeZone));
  for (let days = 0; days < 3; days++) {
    const at = zonedInstant(
      local.getUTCFullYear(),
      local.getUTCMonth(),
      local.getUTCDate() + days,
      DIGEST_HOUR,
      timeZone,
    );
    if (at > now) return at;
  }
  throw new Error(`no 08:00 ahead in ${timeZone}`);
}
