"use client";

import { useEffect, useRef, type ReactNode, type RefObject } from "react";

/**
 * Recovery codes, shown once: the heading takes focus so a screen reader starts here, and the
 * person is told plainly that they won't see them again.
 */
export function RecoveryCodes({
  codes,
  children,
  headingRef: givenRef,
}: {
  codes: string[];
  children?: ReactNode;
  /** The form's focus-after-success target, so its hook and this agree on the heading. */
  headingRef?: RefObject<HTMLHeadingElement | null>;
}) {
  const ownRef = useRef<HTMLHeadingElement>(null);
  const headingRef = givenRef ?? ownRef;
  useEffect(() => headingRef.current?.focus(), [headingRef]);
  return (
    <section aria-labelledby="recovery-codes-heading" className="space-y-3">
      <h2
        id="recovery-codes-heading"
        ref={headingRef}
        tabIndex={-1}
        className="text-base font-semibold text-slate-900 focus:outline-none"
      >
        Your recovery codes
      </h2>
      <p className="text-sm text-slate-600">
        Each code signs you in once if you lose your authenticator or passkey. Keep them somewhere safe: they are shown
        only now.
      </p>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-3 font-mono text-sm text-slate-900"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      {children}
    </section>
  );
}
