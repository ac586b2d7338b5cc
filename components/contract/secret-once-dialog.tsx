"use client";

import { useState, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";

/** Shows a new secret the only time it exists in clear, with a copy button and a warning. */
export function SecretOnceDialog({
  secret,
  name,
  onClose,
  returnFocusTo,
}: {
  secret: string | null;
  name: string;
  onClose: () => void;
  /** The button that created the secret: focus goes back to it. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the text stays selectable.
      setCopied(false);
    }
  }
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={`Secret of ${name}`}
      description="Copy it now and keep it somewhere safe."
      returnFocusTo={returnFocusTo}
      footer={
        <DialogClose asChild>
          <Button>I have stored it</Button>
        </DialogClose>
      }
    >
      <div className="space-y-3">
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This is the only time the secret is shown. Seatkeeper keeps only a hash of it: if it is lost, revoke it and
          create a new one.
        </p>
        <div className="flex items-stretch gap-2">
          <code
            data-testid="new-secret"
            className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900 select-all"
          >
            {secret}
          </code>
          <Button variant="secondary" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
