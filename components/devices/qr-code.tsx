"use client";

import encodeQR from "qr";
import { useMemo } from "react";

/**
 * A text as a QR code, drawn in the browser, for a device with a camera to read from the screen.
 * The markup is the encoder's own SVG of squares (no text of ours goes into it unescaped).
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const svg = useMemo(() => encodeQR(text, "svg", { ecc: "low" }), [text]);
  return (
    <div
      role="img"
      aria-label={label}
      className="h-64 w-64 rounded border border-slate-200 bg-white p-2 [&>svg]:h-full [&>svg]:w-full"
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
