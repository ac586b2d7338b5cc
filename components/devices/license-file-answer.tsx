"use client";

import { useMemo } from "react";
import { buttonClass } from "@/components/ui/button";
import { formatDateTime } from "@/lib/console/format";
import type { OfflineActivationView } from "@/lib/licensing/offline/license-file";
import { QrCode } from "./qr-code";

/** A licence file to carry back to an offline device: to download, copy or scan. */
export function LicenseFileAnswer({
  heading,
  activation,
  licenseFile,
}: {
  heading: string;
  activation: OfflineActivationView;
  licenseFile: string;
}) {
  const href = useMemo(() => `data:text/plain;charset=utf-8,${encodeURIComponent(licenseFile)}`, [licenseFile]);
  return (
    <section aria-labelledby="license-file-heading" className="space-y-3 rounded-md border border-slate-200 p-4">
      <h3 id="license-file-heading" className="text-sm font-semibold text-slate-900">
        {heading}
      </h3>
      <p className="text-sm text-slate-700">
        {activation.name ?? activation.fingerprint} ({activation.module}): lease until{" "}
        {formatDateTime(new Date(activation.leaseExpiresAt))}; renewal due by{" "}
        {formatDateTime(new Date(activation.renewBy))}.
      </p>
      <a href={href} download={`seatkeeper-licence-${activation.id}.txt`} className={buttonClass("primary")}>
        Download the licence file
      </a>
      <div className="space-y-1">
        <label htmlFor="license-file-text" className="block text-sm font-medium text-slate-700">
          Licence file
        </label>
        <textarea
          id="license-file-text"
          readOnly
          rows={4}
          value={licenseFile}
          className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900"
        />
      </div>
      <QrCode text={licenseFile} label="QR code of the licence file" />
    </section>
  );
}
