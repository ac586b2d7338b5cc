"use client";

import { useRef, useState, type ChangeEvent } from "react";
import { submitOfflineFileAction } from "@/app/(console)/devices/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { OfflineFileOutcome } from "@/lib/licensing/offline/submit";
import { LicenseFileAnswer } from "./license-file-answer";

/**
 * "Activate an offline device": a person pastes or uploads what a device that is never online
 * made — its activation request, a renewal request or a release receipt — and gets the licence
 * file to carry back (or the seat freed).
 */
export function OfflineDeviceForm({ organizationId }: { organizationId: string }) {
  const form = useActionForm();
  const [file, setFile] = useState("");
  const [outcome, setOutcome] = useState<OfflineFileOutcome | null>(null);
  const answerRef = useRef<HTMLDivElement>(null);

  async function readUpload(e: ChangeEvent<HTMLInputElement>) {
    const chosen = e.target.files?.[0];
    if (chosen) setFile((await chosen.text()).trim());
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setOutcome(null);
    const data = await form.run(() => submitOfflineFileAction({ organizationId, file }));
    if (data) {
      setOutcome(data);
      setFile("");
    }
  }

  return (
    <div className="space-y-4 p-5">
      <form onSubmit={submit} className="space-y-3" aria-labelledby="offline-device-heading">
        <div className="space-y-1">
          <label htmlFor="offline-file" className="block text-sm font-medium text-slate-700">
            The device&apos;s file (activation request, renewal request or release receipt)
          </label>
          <textarea
            id="offline-file"
            name="file"
            rows={4}
            value={file}
            onChange={(e) => setFile(e.target.value)}
            aria-invalid={form.fieldErrors.file ? true : undefined}
            aria-describedby={form.fieldErrors.file ? "offline-file-error" : "offline-file-hint"}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm"
          />
          {form.fieldErrors.file ? (
            <p id="offline-file-error" className="text-xs text-red-700">
              {form.fieldErrors.file[0]}
            </p>
          ) : (
            <p id="offline-file-hint" className="text-xs text-slate-500">
              Paste the text, or upload the file the device saved (from a USB stick, for example).
            </p>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="offline-upload" className="block text-sm font-medium text-slate-700">
            Upload the file
          </label>
          <input
            id="offline-upload"
            type="file"
            accept=".txt,.req,.skr,text/plain"
            onChange={readUpload}
            className="block text-sm text-slate-700"
          />
        </div>
        <FormError message={form.error} />
        <Button type="submit" disabled={form.pending || file.length === 0}>
          {form.pending ? "Submitting…" : "Submit the file"}
        </Button>
      </form>
      <div ref={answerRef} role="status">
        {outcome ? <OfflineOutcome outcome={outcome} /> : null}
      </div>
    </div>
  );
}

function OfflineOutcome({ outcome }: { outcome: OfflineFileOutcome }) {
  if (outcome.kind === "release")
    return (
      <p className="text-sm text-slate-800">
        {outcome.released
          ? "The device's activation is released: its licence is free."
          : "That device's activation had already ended; nothing changed."}
      </p>
    );
  return (
    <LicenseFileAnswer
      heading={
        outcome.kind === "renewal"
          ? "Lease renewed: the new licence file"
          : outcome.created
            ? "Device activated: its licence file"
            : "Already active: its licence file"
      }
      activation={outcome.activation}
      licenseFile={outcome.licenseFile}
    />
  );
}
