// Every IANA time zone this server knows (the ones timeZoneInput accepts), with its offset from UTC
// at a moment, for the organization form's picker. Built on the server so the list the browser
// offers is exactly the list the server accepts, whatever the browser's own time zone data.

export type TimeZoneChoice = { zone: string; offset: string };

/** "UTC+01:00", "UTC−03:30", "UTC+00:00": a zone's offset at `at`. */
function offsetAt(zone: string, at: Date) {
  const name =
    new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  return name === "GMT" ? "UTC+00:00" : name.replace("GMT", "UTC");
}

/** UTC first, then every zone by name, each with its offset at `at`. */
export function timeZoneChoices(at: Date = new Date()): TimeZoneChoice[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")].map((zone) => ({
    zone,
    offset: offsetAt(zone, at),
  }));
}
