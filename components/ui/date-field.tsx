"use client";

import { useState, type ComponentProps } from "react";
import { formatDate } from "@/lib/console/format";
import { InputField } from "./field";

/**
 * A date input whose chosen day is repeated under it in the console's own format ("31 Dec 2026"),
 * because the browser draws the input in its locale's format (often mm/dd/yyyy).
 */
export function DateField({
  hint,
  defaultValue,
  onChange,
  ...props
}: Omit<ComponentProps<typeof InputField>, "type" | "defaultValue"> & { defaultValue?: string }) {
  const [value, setValue] = useState(defaultValue ?? "");
  return (
    <InputField
      {...props}
      type="date"
      defaultValue={defaultValue}
      onChange={(e) => {
        setValue(e.target.value);
        onChange?.(e);
      }}
      hint={
        value || hint ? (
          <>
            {value ? <span className="font-medium text-slate-700">{formatDate(value)}. </span> : null}
            {hint}
          </>
        ) : undefined
      }
    />
  );
}
