"use client";

import { useEffect, useRef, useState, type Ref } from "react";
import { Button } from "@/components/ui/button";

/**
 * A single-use link shown the only time it exists in clear (only its hash is stored), with a Copy
 * button. It takes focus when it appears (unless a form hook given `ref` moves it there), so the
 * next step is read first.
 */
export function LinkOnce({
  label,
  message,
  url,
  ref,
}: {
  label: string;
  message: string;
  url: string;
  ref?: Ref<HTMLDivElement>;
}) {
  const [copied, setCopied] = useState(false);
  const own = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref) own.current?.focus();
  }, [url, ref]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // The clipboard can be refused (insecure origin, permissions); the link stays selectable.
      setCopied(false);
    }
  }
  return (
    <div
      ref={ref ?? own}
      tabIndex={-1}
      role="status"
      className="space-y-2 rounded-md border border-slate-200 bg-brand-50 p-3 text-sm focus:outline-none"
    >
      <p className="text-slate-800">{message}</p>
      <div className="flex items-stretch gap-2">
        <code
          aria-label={label}
          data-testid="link-once"
          className="min-w-0 flex-1 rounded-md border border-slate-200 bg-white px-3 py-2 font-mono text-xs break-all text-slate-900 select-all"
        >
          {url}
        </code>
        <Button type="button" variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
