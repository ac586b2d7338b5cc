"use client";

import { useId, useState } from "react";
import type { TimeZoneChoice } from "@/lib/console/time-zones";
import { InputField } from "./field";

/** The canonical name of a zone typed in any case ("europe/oslo"), or null when it isn't one. */
export function canonicalTimeZone(choices: TimeZoneChoice[], typed: string) {
  const wanted = typed.trim().toLowerCase();
  return choices.find((c) => c.zone.toLowerCase() === wanted)?.zone ?? null;
}

/**
 * An IANA time zone, searchable: a text field with the server's zones as suggestions (each with
 * its offset from UTC now), so typing "oslo" or "+05:30" narrows the list, and the keyboard works
 * as in any field. The hint says the chosen zone's offset; a name that isn't a zone is refused by
 * the form (canonicalTimeZone) before anything is sent.
 */
export function TimeZoneField({
  choices,
  name,
  defaultValue = "UTC",
  error,
}: {
  choices: TimeZoneChoice[];
  name: string;
  defaultValue?: string;
  error?: string | string[];
}) {
  const listId = useId();
  const [typed, setTyped] = useState(defaultValue);
  const zone = canonicalTimeZone(choices, typed);
  const chosen = choices.find((c) => c.zone === zone);
  return (
    <>
      <InputField
        label="Time zone"
        name={name}
        list={listId}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        maxLength={64}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. Europe/Oslo"
        hint={
          chosen
            ? `${chosen.zone} is ${chosen.offset} now. Contract and user dates are whole days in this zone.`
            : "Type a city or region (Oslo, America/…) and pick the zone; contract and user dates are whole days in it."
        }
        // A refusal stays until a zone is typed (every zone listed is one the server accepts).
        error={zone ? undefined : error}
      />
      <datalist id={listId}>
        {choices.map((c) => (
          <option key={c.zone} value={c.zone} label={c.offset} />
        ))}
      </datalist>
    </>
  );
}
