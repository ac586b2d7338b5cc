"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/** A page's one sentence (a link that can't be used, a request answered), focused when shown. */
export function FocusedMessage({
  message,
  tone = "info",
  link,
}: {
  message: string;
  tone?: "info" | "problem";
  link?: { href: string; label: string };
}) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), [message]);
  return (
    <div className="space-y-4">
      <p
        ref={ref}
        tabIndex={-1}
        role={tone === "problem" ? "alert" : "status"}
        data-testid="page-message"
        className={
          tone === "problem"
            ? "rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 focus:outline-none"
            : "rounded-md border border-slate-200 bg-brand-50 px-3 py-2 text-sm text-slate-800 focus:outline-none"
        }
      >
        {message}
      </p>
      {link ? (
        <Link href={link.href} className="text-sm font-medium text-brand-700 underline">
          {link.label}
        </Link>
      ) : null}
    </div>
  );
}
