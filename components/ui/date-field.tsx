"use client";

import { useEffect, useRef, useState, type ComponentProps } from "react";
import { formatDate, formatDayFrom } from "@/lib/console/format";
import { InputField } from "./field";

/**
 * A date input whose chosen day is repeated under it in the console's own format ("31 Dec 2026"),
 * because the browser draws the input in its locale's format (often mm/dd/yyyy). With `distance`
 * it also says the day's weekday and how far it is from today ("Thursday, in 3 months"), for an
 * end date. When its form is reset, the words go with the value.
 */
export function DateField({
  hint,
  defaultValue,
  onChange,
  distance = false,
  ...props
}: Omit<ComponentProps<typeof InputField>, "type" | "defaultValue"> & { defaultValue?: string; distance?: boolean }) {
  const [value, setValue] = useState(defaultValue ?? "");
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const reset = () => setValue(defaultValue ?? "");
    form.addEventListener("reset", reset);
    return () => form.removeEventListener("reset", reset);
  }, [defaultValue]);

  const today = new Date().toISOString().slice(0, 10);
  const ahead = value && distance ? formatDayFrom(value, today) : "";
  return (
    <InputField
      {...props}
      ref={input}
      type="date"
      defaultValue={defaultValue}
      onChange={(e) => {
        setValue(e.target.value);
        onChange?.(e);
      }}
      hint={
        value || hint ? (
          <>
            {value ? (
              <span className="font-medium text-slate-700" data-testid="date-words">
                {formatDate(value)}
                {ahead ? ` (${ahead})` : ""}.{" "}
              </span>
            ) : null}
            {hint}
          </>
        ) : undefined
      }
    />
  );
}
